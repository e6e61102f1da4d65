// Pushes a registry with prom-client's Pushgateway client as a batch job does: pushAdd (POST) and
// push (PUT) of one group, pushAdd of another, and pushAdd then delete of a third; prints each
// answer's status as one JSON line.
//   node pushgateway.js <gateway-url>
'use strict';

const client = require('prom-client');

async function main() {
  const [url] = process.argv.slice(2);
  const registry = new client.Registry();
  const processed = new client.Counter({
    name: 'jobs_processed_total', help: 'Jobs processed.', labelNames: ['queue'],
    registers: [registry],
  });
  const lastSuccess = new client.Gauge({
    name: 'last_success_timestamp_seconds', help: 'When the batch last succeeded.',
    registers: [registry],
  });
  const depth = new client.Gauge({
    name: 'queue_depth', help: 'Queue depth, with a job label of its own.',
    labelNames: ['queue', 'job'], registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'batch_duration_seconds', help: 'Batch duration.', buckets: [0.1, 1, 10],
    registers: [registry],
  });
  const size = new client.Summary({
    name: 'batch_size', help: 'Batch size.', percentiles: [0.5, 0.9], registers: [registry],
  });
  processed.inc({ queue: 'mail' }, 5);
  processed.inc({ queue: 'sms' }, 2);
  lastSuccess.set(1700000000);
  depth.set({ queue: 'mail', job: 'inner' }, 4);
  duration.observe(0.5);
  duration.observe(3);
  size.observe(10);
  size.observe(20);

  const gateway = new client.Pushgateway(url, { timeout: 30000 }, registry);
  const group = { instance: 'worker-1', stage: 'nightly' };
  const statuses = {};
  statuses.pushAdd = (await gateway.pushAdd({ jobName: 'batch', groupings: group })).resp.statusCode;
  processed.inc({ queue: 'mail' });
  statuses.push = (await gateway.push({ jobName: 'batch', groupings: group })).resp.statusCode;
  statuses.pushAddNoInstance = (await gateway.pushAdd({ jobName: 'batch2' })).resp.statusCode;
  statuses.pushAddDoomed = (await gateway.pushAdd({ jobName: 'doomed' })).resp.statusCode;
  statuses.delete = (await gateway.delete({ jobName: 'doomed' })).resp.statusCode;
  process.stdout.write(JSON.stringify(statuses) + '\n');
}

main().catch((e) => {
  process.stderr.write(`pushgateway: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
