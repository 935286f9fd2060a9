package social.gm2.lazai.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * This process's name in the leases it takes (a mint's, the attestation poller's): its host name
 * and a random part, so two instances on one host still hold distinct leases; at most 64
 * characters, as the lease columns take.
 */
public record InstanceName(String value) {

  public static InstanceName random() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    String name = host + "-" + UUID.randomUUID().toString().substring(0, 8);
    return new InstanceName(name.length() > 64 ? name.substring(name.length() - 64) : name);
  }

  @Override
  public String toString() {
    return value;
  }
}
