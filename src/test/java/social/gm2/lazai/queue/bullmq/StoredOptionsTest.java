package social.gm2.lazai.queue.bullmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.queue.Backoff;
import social.gm2.lazai.queue.JobOptions;
import social.gm2.lazai.queue.KeepJobs;

/** Job options in the shapes Node's Queue.add writes (protocol §2, §3.4) and back. */
class StoredOptionsTest {

  @Test
  void optionsAreWrittenAsNodeWritesThem() {
    JobOptions original =
        new JobOptions(
            "lazai-fetch-attestator-0xab",
            3,
            Backoff.exponential(1000),
            Duration.ofMillis(50),
            KeepJobs.last(100),
            KeepJobs.none());
    assertThat(StoredOptions.encode(original))
        .isEqualTo(
            "{\"attempts\":3,\"backoff\":{\"type\":\"exponential\",\"delay\":1000},"
                + "\"delay\":50,\"jobId\":\"lazai-fetch-attestator-0xab\",\"removeOnComplete\":100,"
                + "\"removeOnFail\":true}");
    assertThat(StoredOptions.encode(JobOptions.defaults())).isEqualTo("{\"attempts\":0}");
    assertThat(
            StoredOptions.encode(
                JobOptions.defaults()
                    .withRetention(new KeepJobs(5, 3600, 0), new KeepJobs(-1, 60, 10))))
        .isEqualTo(
            "{\"attempts\":0,\"removeOnComplete\":{\"age\":3600,\"count\":5},"
                + "\"removeOnFail\":{\"age\":60,\"limit\":10}}");
  }

  @Test
  void nodeShapesAreRead() {
    StoredOptions o =
        StoredOptions.parse(
            "{\"attempts\":3,\"backoff\":2000,\"removeOnComplete\":true,"
                + "\"removeOnFail\":{\"count\":2,\"age\":60},\"lifo\":true,\"stackTraceLimit\":1}");
    assertThat(o.attempts()).isEqualTo(3);
    assertThat(o.backoff()).isEqualTo(Backoff.fixed(2000));
    assertThat(o.removeOnComplete()).isEqualTo(KeepJobs.none());
    assertThat(o.removeOnFail()).isEqualTo(new KeepJobs(2, 60, 1000));
    assertThat(o.lifo()).isTrue();
    assertThat(o.stackTraceLimit()).isEqualTo(1);
    assertThat(o.retryDelay(0, () -> 0)).contains(2000L);
  }

  @Test
  void unknownOrBrokenOptionsNeverRetryForever() {
    StoredOptions custom =
        StoredOptions.parse("{\"attempts\":5,\"backoff\":{\"type\":\"mine\",\"delay\":1}}");
    assertThat(custom.retryDelay(0, () -> 0)).isEmpty();
    StoredOptions broken = StoredOptions.parse("{not json");
    assertThat(broken.attempts()).isZero();
    assertThat(broken.removeOnComplete().keepsAll()).isTrue();
  }

  @Test
  void stackTracesAreKeptUpToTheLimit() {
    String traces = Attempt.appendTrace("[\"a\",\"b\"]", new IllegalStateException("c"), 2);
    assertThat(BullMqJobQueue.stacktrace(traces)).hasSize(2).first().isEqualTo("b");
    assertThat(BullMqJobQueue.stacktrace(Attempt.appendTrace(null, new Error("x"), 0))).isEmpty();
  }
}
