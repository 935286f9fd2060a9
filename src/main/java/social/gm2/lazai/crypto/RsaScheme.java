package social.gm2.lazai.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The two RSA paddings a file password travels under (lazai-protocol §6, §13.3). The Node SDK's
 * node-rsa writes OAEP with SHA-1, MGF1-SHA-1 and an empty label; the Python reference node
 * (python-rsa) can only open PKCS#1 v1.5. Each padding also sets how many message bytes fit in one
 * block, which decides how node-rsa slices a password that does not fit.
 */
public enum RsaScheme {
  OAEP_SHA1("oaep-sha1", "OAEP-SHA1", 2 * 20 + 2),
  PKCS1_V15("pkcs1v15", "PKCS#1 v1.5", 11);

  private static final OAEPParameterSpec OAEP_SHA1_PARAMETERS =
      new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);

  private final String configName;
  private final String displayName;
  private final int paddingBytes;

  RsaScheme(String configName, String displayName, int paddingBytes) {
    this.configName = configName;
    this.displayName = displayName;
    this.paddingBytes = paddingBytes;
  }

  /** Reads the configuration spelling ({@code oaep-sha1}, {@code pkcs1v15}), ignoring case. */
  public static RsaScheme fromConfig(String value) {
    String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(scheme -> scheme.configName.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown RSA scheme \""
                        + (value == null ? "" : value.strip())
                        + "\"; allowed: "
                        + Arrays.stream(values())
                            .map(RsaScheme::configName)
                            .collect(Collectors.joining(", "))));
  }

  public String configName() {
    return configName;
  }

  /** The name the standards use, for messages. */
  public String displayName() {
    return displayName;
  }

  /** node-rsa's {@code maxMessageLength}: the most message bytes one block of k bytes carries. */
  int maxMessageLength(int modulusBytes) {
    return modulusBytes - paddingBytes;
  }

  /**
   * A JCE cipher for this padding, initialised with the key (public to wrap, private to unwrap).
   */
  Cipher cipher(int mode, Key key) {
    try {
      if (this == OAEP_SHA1) {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(mode, key, OAEP_SHA1_PARAMETERS);
        return cipher;
      }
      Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
      cipher.init(mode, key);
      return cipher;
    } catch (InvalidKeyException e) {
      throw new KeyFormatException("the JDK refuses this RSA key for " + displayName, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK does not provide RSA " + displayName, e);
    }
  }
}
