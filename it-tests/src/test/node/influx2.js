// Writes points with @influxdata/influxdb-client (the InfluxDB 2 client) to /api/v2/write, then
// pings and asks for /health, and prints what it got as one JSON line.
//   node influx2.js <url> <token or -> <org> <bucket> <time-ms>
'use strict';

const { InfluxDB, Point } = require('@influxdata/influxdb-client');
const { PingAPI, HealthAPI } = require('@influxdata/influxdb-client-apis');

async function main() {
  const [url, token, org, bucket, timeMs] = process.argv.slice(2);
  const influx = new InfluxDB({ url, token: token === '-' ? undefined : token, timeout: 30000 });
  const time = new Date(Number(timeMs));

  const writeApi = influx.getWriteApi(org, bucket, 'ms', { maxRetries: 0 });
  writeApi.useDefaultTags({ client: 'influxdb-client-js' });
  writeApi.writePoint(
    new Point('client_v2').tag('host', 'node-a').floatField('load', 0.5).intField('count', 7)
      .timestamp(time));
  writeApi.writePoint(
    new Point('client_v2').tag('host', 'node-b').floatField('load', 1.5).intField('count', 8)
      .timestamp(time));
  await writeApi.flush();
  await writeApi.close();

  const ping = {};
  await new PingAPI(influx).getPing(undefined, {
    responseStarted: (headers, status) => {
      ping.status = status;
      ping.version = headers['x-influxdb-version'];
      ping.build = headers['x-influxdb-build'];
    },
  });
  const health = await new HealthAPI(influx).getHealth();
  process.stdout.write(JSON.stringify({ written: 4, ping, health }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`influx2: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
