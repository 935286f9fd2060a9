package social.gm2.lazai.webhook;

/** Where a delivery stands. */
public enum DeliveryStatus {
  /** Not delivered yet; due again at its next attempt. */
  PENDING,
  /** The subscriber answered 2xx. */
  DELIVERED,
  /** Every attempt failed for {@code retry-for} after the event: given up. */
  FAILED
}
