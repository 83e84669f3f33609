// Node modules that only the CLI's writers reach (convert, scan): src/index.ts imports them, the
// page never calls them, and the bundler drops their code. CommonJS, so any named import resolves.
module.exports = {};
