// Launches fauxqs (SNS, SQS and S3 emulator) on the loopback interface for Sluice's local AWS stack.
//
// Usage: node server.mjs [port]      (port 0, the default, picks a free port)
//
// Protocol with the Java side (dev.sluice.localstack.FauxqsProcess):
//  - once listening, prints exactly one line on stdout: {"fauxqs":"listening","port":<port>}
//  - exits when its stdin closes, so it never outlives the JVM that started it, even after kill -9.
const MIN_NODE_MAJOR = 20;
const major = Number(process.versions.node.split(".")[0]);
if (major < MIN_NODE_MAJOR) {
  console.error(`fauxqs launcher: Node ${process.versions.node} is too old, install Node >= ${MIN_NODE_MAJOR}`);
  process.exit(3);
}

const requestedPort = Number(process.argv[2] ?? "0");
if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
  console.error(`fauxqs launcher: bad port argument '${process.argv[2]}'`);
  process.exit(2);
}

let buildApp;
try {
  ({ buildApp } = await import("fauxqs"));
} catch (err) {
  console.error(`fauxqs launcher: cannot load the fauxqs package (run 'npm ci' in ${import.meta.dirname ?? "this folder"}): ${err.message}`);
  process.exit(4);
}

const app = buildApp({ logger: false, defaultRegion: process.env.FAUXQS_REGION ?? "us-east-1" });
try {
  await app.listen({ port: requestedPort, host: "127.0.0.1" });
} catch (err) {
  console.error(`fauxqs launcher: cannot listen on 127.0.0.1:${requestedPort}: ${err.message}`);
  process.exit(5);
}

const { port } = app.server.address();
process.stdout.write(JSON.stringify({ fauxqs: "listening", port }) + "\n");

let stopping = false;
async function stop(reason) {
  if (stopping) return;
  stopping = true;
  console.error(`fauxqs launcher: stopping (${reason})`);
  const force = setTimeout(() => process.exit(0), 2000);
  force.unref();
  try {
    await app.close();
  } finally {
    process.exit(0);
  }
}

process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
// The parent holds our stdin open; EOF means the parent is gone.
process.stdin.on("end", () => stop("stdin closed"));
process.stdin.on("error", () => stop("stdin error"));
process.stdin.resume();
