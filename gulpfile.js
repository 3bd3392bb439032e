// Copies node and credential icons (SVG/PNG) into dist/ next to the compiled files. Nothing else.
const { src, dest, task } = require('gulp');

task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', allowEmpty: true, encoding: false }).pipe(dest('dist')),
);
