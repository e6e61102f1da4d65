// Pings and writes points with node-influx (the InfluxDB 1.x client) to /write, and prints what it
// got as one JSON line.
//   node influx1.js <url> <password or -> <time-ms>
'use strict';

const Influx = require('influx');

async function main() {
  const [url, password, timeMs] = process.argv.slice(2);
  const parsed = new URL(url);
  const influx = new Influx.InfluxDB({
    host: parsed.hostname,
    port: Number(parsed.port),
    protocol: 'http',
    database: 'telemetry',
    username: 'writer',
    password: password === '-' ? 'unused' : password,
  });
  const hosts = await influx.ping(10000);
  await influx.writePoints(
    [
      { measurement: 'client_v1', tags: { host: 'node-c' }, fields: { load: 0.25, count: 3 },
        timestamp: new Date(Number(timeMs)) },
      { measurement: 'client_v1', tags: { host: 'node-d' }, fields: { load: 0.75, count: 4 },
        timestamp: new Date(Number(timeMs)) },
    ],
    { precision: 'ms' });
  process.stdout.write(
    JSON.stringify({
      written: 4,
      ping: hosts.map((h) => ({ online: h.online, version: h.version || null })),
    }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`influx1: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
