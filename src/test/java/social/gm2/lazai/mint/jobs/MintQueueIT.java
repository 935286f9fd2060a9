package social.gm2.lazai.mint.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.gm2.lazai.queue.JobInfo;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.Queues;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.BullPeer;
import social.gm2.lazai.support.ServiceDevnet;
import social.gm2.lazai.support.TestServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The original service's producers talk to this one: a Node BullMQ {@code Queue.add} of a {@code
 * lazai-mint-dat} job, with the original payload and options, is minted end to end on the devnet by
 * the service's worker, and Node's {@code QueueEvents} and {@code getJob} see the result. A bad
 * payload fails at once naming the field; an attestator job fails clearly while there is no
 * attestation handler.
 */
@org.junit.jupiter.api.Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class MintQueueIT {
  private static final String TOKEN = "0x00000000000000000000000000000000000000b7";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static ServiceDevnet devnet;

  @Autowired LazaiQueues jobs;
  @Autowired Queues queues;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    devnet = new ServiceDevnet();
    devnet.register(registry);
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void aNodeProducedMintJobIsMintedAndNodeSeesTheResult() throws Exception {
    byte[] data = "queued private notes".getBytes(StandardCharsets.UTF_8);
    StringBuilder bytes = new StringBuilder();
    for (byte b : data) {
      bytes.append(bytes.isEmpty() ? "" : ",").append(b & 0xff);
    }
    String options =
        "{\"attempts\":3,\"backoff\":{\"type\":\"exponential\",\"delay\":1000},"
            + "\"removeOnComplete\":100,\"removeOnFail\":100}";
    String command =
        """
        {"jobs":[
          {"name":"lazai-mint-dat","opts":%s,
           "data":{"tokenAddress":"%s","fileName":"notes.txt","privacyData":[%s]}},
          {"name":"lazai-mint-dat","opts":%s,
           "data":{"tokenAddress":"%s","fileName":"bad.txt","privacyData":[1,300]}}
        ]}"""
            .formatted(options, TOKEN, bytes, options, TOKEN.replace("b7", "b8"));

    JsonNode answer = produce(command);

    JsonNode minted = answer.path("jobs").get(0);
    assertThat(minted.path("state").asString()).as(minted.toString()).isEqualTo("completed");
    assertThat(minted.path("attemptsMade").asInt()).isEqualTo(1);
    JsonNode result = minted.path("returnvalue");
    assertThat(result.path("tokenAddress").asString()).isEqualTo(TOKEN);
    assertThat(result.path("state").asString()).isEqualTo("REWARDED");
    assertThat(new BigInteger(result.path("fileId").asString())).isPositive();
    assertThat(result.path("jobId").asString()).isNotEmpty();
    assertThat(result.path("datTokenId").asString()).isNotEmpty();

    JsonNode bad = answer.path("jobs").get(1);
    assertThat(bad.path("state").asString()).isEqualTo("failed");
    assertThat(bad.path("attemptsMade").asInt()).isEqualTo(1);
    assertThat(bad.path("failedReason").asString())
        .contains("privacyData[1]")
        .doesNotContain("300,");
  }

  @Test
  void anAttestatorJobRunsTheTargetedAttestationCheck() {
    String id =
        jobs.enqueueFetchAttestator(new FetchAttestatorPayload(5, TOKEN, BigInteger.valueOf(1)));

    JobInfo job =
        Await.until(
            Duration.ofSeconds(30),
            () -> queues.queue(LazaiQueues.FETCH_ATTESTATOR).job(id).orElseThrow(),
            j -> j.state() == JobState.COMPLETED || j.state() == JobState.FAILED);

    assertThat(id).isEqualTo("lazai-fetch-attestator-" + TOKEN);
    assertThat(job.state()).as(job.failedReason()).isEqualTo(JobState.COMPLETED);
    assertThat(job.returnValue()).contains("\"checked\":true").contains(TOKEN);
    assertThat(job.attemptsMade()).isEqualTo(1);
  }

  private static JsonNode produce(String jobs) throws Exception {
    ObjectNode command = (ObjectNode) JSON.readTree(jobs);
    command.put("cmd", "produce").put("version", "6");
    command.put("prefix", TestServices.queuePrefix(devnet.database));
    command.put("queue", LazaiQueues.MINT_DAT).put("timeoutMs", 180000);
    return BullPeer.run(command);
  }
}
