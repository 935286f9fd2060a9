package social.gm2.lazai.webhook;

import java.math.BigInteger;
import java.time.Instant;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintState;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON body of an event, in the Standard Webhooks shape ({@code type}, {@code timestamp},
 * {@code data}). It names the token and what is public on chain about its mint (ids, amounts,
 * transaction hashes, the attestator) and, for a failure, the short sanitised reason the public
 * mint status shows. Never the creator's data, its ciphertext or CID, the seed, keys or secrets.
 */
final class WebhookPayload {
  private static final JsonMapper JSON = JsonMapper.shared();

  private WebhookPayload() {}

  static String of(WebhookEventType type, MintState from, Mint m, Instant at) {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", type.wireName());
    body.put("timestamp", at.toString());
    ObjectNode data = body.putObject("data");
    data.put("tokenAddress", m.tokenAddress());
    data.put("state", m.state().name());
    data.put("previousState", from.name());
    put(data, "fileId", m.fileId());
    put(data, "jobId", m.jobId());
    switch (type) {
      case MINT_REWARDED, ATTESTATION_REVOKED -> reward(data, m);
      case MINT_ATTESTED -> {
        reward(data, m);
        data.put("attestator", m.attestator());
        data.put("attestationTxHash", m.attestationTxHash());
        put(data, "attestationBlockNumber", m.attestationBlockNumber());
      }
      case MINT_FAILED -> {
        data.put("failedIn", from.name());
        data.put("reason", m.lastError());
      }
    }
    return JSON.writeValueAsString(body);
  }

  private static void reward(ObjectNode data, Mint m) {
    put(data, "datTokenId", m.datTokenId());
    put(data, "datAmount", m.datAmount());
    data.put("rewardTxHash", m.rewardTxHash());
    put(data, "rewardBlockNumber", m.rewardBlockNumber());
  }

  /** Big integers as decimal strings (JavaScript numbers lose digits); null stays null. */
  private static void put(ObjectNode data, String name, BigInteger value) {
    if (value == null) {
      data.putNull(name);
    } else {
      data.put(name, value.toString());
    }
  }

  private static void put(ObjectNode data, String name, Long value) {
    if (value == null) {
      data.putNull(name);
    } else {
      data.put(name, value.longValue());
    }
  }
}
