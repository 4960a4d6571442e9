// Sandboxed no-op processor (bullmq runs this file in child processes).
module.exports = async () => ({ ok: true });
