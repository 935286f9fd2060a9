package social.gm2.lazai.webhook;

import java.util.Map;

/** Posts one signed event to a subscriber; the HTTP adapter is in {@code webhook.okhttp}. */
public interface SubscriberEndpoint {

  /**
   * Posts {@code body} with {@code headers} to the subscriber's URL.
   *
   * @return the subscriber's HTTP status
   * @throws DeliveryException when there was no answer (refused URL, no connection, a timeout)
   */
  int post(Subscriber subscriber, Map<String, String> headers, String body);

  /** No answer from the subscriber, with a reason that names no secret. */
  final class DeliveryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeliveryException(String reason, Throwable cause) {
      super(reason, cause);
    }
  }
}
