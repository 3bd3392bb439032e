// Copies node and credential icons (SVG/PNG) and node codex files (*.node.json) into dist/ next to
// the compiled files. Nothing else.
const { src, dest, task } = require('gulp');

task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], { base: '.', allowEmpty: true, encoding: false }).pipe(dest('dist')),
);
