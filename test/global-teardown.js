/** Removes the run's temporary folder made by test/global-setup.js. */
const { rmSync } = require('node:fs');

module.exports = async () => {
	if (process.env.TEST_RUN_TMP) rmSync(process.env.TEST_RUN_TMP, { recursive: true, force: true });
};
