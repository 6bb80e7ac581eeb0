/**
 * The one fixed wait the tests allow, for when elapsed time itself is what a test needs: proving
 * that nothing arrives during it, letting a viewer's wait or a window of the code under test
 * pass, or answering slowly where a test asks the server for a slow network. Never use it to wait for something to happen: wait for that event, or poll for it
 * (`expect.poll`, `vi.waitFor`, `server.waitFor`, `page.waitForFunction`). Each call says why.
 */
export const letTimePass = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
