// Preloaded (`--import`) into the hub's processes only when the bench profiles them. Nest's shutdown hook
// re-raises SIGTERM after closing the app, which kills the process before `--cpu-prof` can write its
// profile; this turns that re-raise into an ordinary exit. It changes nothing else.
const kill = process.kill.bind(process);
process.kill = (pid, signal) => (pid === process.pid ? process.exit(0) : kill(pid, signal));
