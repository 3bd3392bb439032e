// Copies node and credential icons (SVG/PNG) into dist/ next to the compiled files, and the codex
// files codex/<Node>/<Node>.node.json into dist/nodes/<Node>/ (kept out of nodes/ so that
// `require('./Bitrix24.node')` in ts-node resolves the .ts, not the .json). Nothing else.
const { src, dest, task, parallel } = require('gulp');

const icons = () =>
	src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', allowEmpty: true, encoding: false }).pipe(dest('dist'));
const codex = () => src(['codex/**/*.node.json'], { base: 'codex', allowEmpty: true }).pipe(dest('dist/nodes'));

task('build:icons', parallel(icons, codex));
