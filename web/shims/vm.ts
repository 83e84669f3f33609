// node:vm in the browser: budget.ts runs each HDF5 pass inside a vm script for its timeout. A page
// has no watchdog that can stop synchronous code, so the pass simply runs; the page instead ends
// the whole Web Worker when a file takes longer than the budget (web/src/main.ts).
class Script {
  runInContext(context: { run(): unknown }): unknown {
    return context.run();
  }
}
export default { createContext: <T>(o: T): T => o, Script };
