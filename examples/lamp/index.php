<h1 style="text-align:center;">Welcome to image mode</h1>
<?php phpinfo(); ?>
