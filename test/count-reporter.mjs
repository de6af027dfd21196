// node:test reporter that counts tests and writes {passed, failed, skipped} as JSON at the end.
// A leaf test counts by its outcome; skip and todo count as skipped (neither decides the run). A test with
// subtests counts only if it failed for a reason of its own (not "N subtests failed", already counted), and a
// skipped suite counts as one skip, so a skipped suite still shows in the summary.
export default async function* countReporter(source) {
  let passed = 0, failed = 0, skipped = 0;
  // Subtests finish before their parent: per file and depth, how many children ended since the last parent.
  const children = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    const below = `${data.file}\0${data.nesting + 1}`;
    const here = `${data.file}\0${data.nesting}`;
    const hadChildren = (children.get(below) ?? 0) > 0;
    children.set(below, 0);
    children.set(here, (children.get(here) ?? 0) + 1);
    if (data.skip !== undefined || data.todo !== undefined) {
      if (!hadChildren) skipped++;
      continue;
    }
    if (event.type === 'test:fail') {
      if (!hadChildren || data.details?.error?.failureType !== 'subtestsFailed') failed++;
    } else if (!hadChildren && data.details?.type !== 'suite') {
      passed++;
    }
  }
  yield JSON.stringify({ passed, failed, skipped });
}
