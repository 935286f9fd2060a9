// A Node producer with BullMQ telemetry on, as an integrator would run one: the OpenTelemetry SDK
// (W3C trace context, async context), bullmq-otel as the Queue's telemetry, and one Queue.add made
// inside a span of the producer's own. Spans are kept in memory, not exported.
//   TEST_REDIS_HOST/PORT in the environment; one JSON command on stdin:
//   {"prefix","queue","name","data"}
//   -> {"jobId","traceId","parentSpanId" (the producer's own span),"addSpanId" (BullMQ's add span,
//       the context it stores),"tm" (the job's opts.tm as stored in Redis)}
'use strict';
const { trace, context, propagation } = require('@opentelemetry/api');
const { W3CTraceContextPropagator } = require('@opentelemetry/core');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} = require('@opentelemetry/sdk-trace-base');
const { Job, Queue } = require('bullmq');
const { BullMQOtel } = require('bullmq-otel');

async function main() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const c = JSON.parse(text);
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

  const connection = {
    host: process.env.TEST_REDIS_HOST || '127.0.0.1',
    port: Number(process.env.TEST_REDIS_PORT || 6379),
  };
  const queue = new Queue(c.queue, {
    connection,
    prefix: c.prefix,
    telemetry: new BullMQOtel('integrator-producer'),
  });
  const tracer = trace.getTracer('integrator');
  const job = await tracer.startActiveSpan('integrator request', async (span) => {
    try {
      return await queue.add(c.name, c.data);
    } finally {
      span.end();
    }
  });
  const spans = exporter.getFinishedSpans();
  const own = spans.find((s) => s.name === 'integrator request');
  const add = spans.find((s) => s.name.startsWith('add '));
  // Read back from Redis: BullMQ stores the telemetry metadata in the job's opts as "tm".
  const stored = await Job.fromId(queue, job.id);
  const tm = stored.opts.telemetry ? stored.opts.telemetry.metadata : undefined;
  await queue.close();
  process.stdout.write(
    JSON.stringify({
      jobId: job.id,
      traceId: own.spanContext().traceId,
      parentSpanId: own.spanContext().spanId,
      addSpanId: add ? add.spanContext().spanId : null,
      spans: spans.map((s) => s.name),
      tm: tm === undefined ? null : tm,
    }) + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(String((e && e.stack) || e) + '\n');
  process.exit(1);
});
