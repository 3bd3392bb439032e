/** One temporary folder per `jest` run (the n8n user folders of the test processes go in it); test/global-teardown.js removes it. */
const { mkdtempSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

module.exports = async () => {
	process.env.TEST_RUN_TMP = mkdtempSync(join(tmpdir(), 'jest-run-'));
};
