package social.gm2.lazai.webhook;

import social.gm2.lazai.chain.ForbiddenNodeUrlException;
import social.gm2.lazai.chain.NodeUrlPolicy;

/**
 * The node URL policy as it applies to subscriber URLs ({@code lazai.webhooks.allowed-networks}
 * allows internal networks).
 *
 * @param policy resolves a subscriber's host once and checks every address
 */
public record WebhookUrlPolicy(NodeUrlPolicy policy) {

  /** The refusal's reason without the URL (which may carry a receiver's token). */
  public static String problem(ForbiddenNodeUrlException e) {
    return "subscriber URL " + e.getMessage().replaceFirst("^node URL '.*?' ", "");
  }
}
