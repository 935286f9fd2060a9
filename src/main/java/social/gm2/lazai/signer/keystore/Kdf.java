package social.gm2.lazai.signer.keystore;

import java.util.Locale;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.params.KeyParameter;
import tools.jackson.databind.JsonNode;

/**
 * The two key derivations a V3 keystore may name, with their parameters checked against bounds that
 * keep a hostile or damaged file from taking the process's memory or an hour of CPU: scrypt up to 1
 * GiB (geth's "standard" keystores take 256 MiB) and PBKDF2 up to 10 million iterations.
 */
sealed interface Kdf {
  long MAX_SCRYPT_MEMORY = 1L << 30;
  int MAX_PBKDF2_ITERATIONS = 10_000_000;

  byte[] derive(byte[] password);

  static Kdf of(String name, JsonNode params) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "scrypt" -> Scrypt.of(params);
      case "pbkdf2" -> Pbkdf2.of(params);
      default ->
          throw new KeystoreException(
              "the keystore's kdf is '" + name + "'; only scrypt and pbkdf2 are supported");
    };
  }

  private static int positive(JsonNode params, String name) {
    JsonNode value = Keystore.field(params, name);
    if (!value.canConvertToInt() || value.asInt() <= 0) {
      throw new KeystoreException(
          "the keystore's kdfparams." + name + " must be a positive integer");
    }
    return value.asInt();
  }

  private static int derivedLength(JsonNode params) {
    int dklen = positive(params, "dklen");
    if (dklen < 32) {
      throw new KeystoreException("the keystore's kdfparams.dklen must be at least 32");
    }
    return dklen;
  }

  /** scrypt(N, r, p) as geth writes it ({@code n}, {@code r}, {@code p}, {@code salt}). */
  record Scrypt(int n, int r, int p, int dklen, byte[] salt) implements Kdf {
    static Scrypt of(JsonNode params) {
      int n = positive(params, "n");
      int r = positive(params, "r");
      int p = positive(params, "p");
      if (n < 2 || (n & (n - 1)) != 0) {
        throw new KeystoreException("the keystore's scrypt n must be a power of two above 1");
      }
      if (128L * r * n > MAX_SCRYPT_MEMORY || (long) r * p >= 1 << 30) {
        throw new KeystoreException(
            "the keystore's scrypt parameters (n="
                + n
                + ", r="
                + r
                + ", p="
                + p
                + ") need more than 1 GiB or are out of range");
      }
      return new Scrypt(n, r, p, derivedLength(params), Keystore.hex(params, "salt"));
    }

    @Override
    public byte[] derive(byte[] password) {
      return SCrypt.generate(password, salt, n, r, p, dklen);
    }
  }

  /** PBKDF2 with HMAC-SHA256, the only PRF geth accepts ({@code c}, {@code prf}, {@code salt}). */
  record Pbkdf2(int iterations, int dklen, byte[] salt) implements Kdf {
    static Pbkdf2 of(JsonNode params) {
      String prf = Keystore.text(params, "prf");
      if (!prf.equalsIgnoreCase("hmac-sha256")) {
        throw new KeystoreException(
            "the keystore's pbkdf2 prf is '" + prf + "'; only hmac-sha256 is supported");
      }
      int c = positive(params, "c");
      if (c > MAX_PBKDF2_ITERATIONS) {
        throw new KeystoreException("the keystore's pbkdf2 c is above " + MAX_PBKDF2_ITERATIONS);
      }
      return new Pbkdf2(c, derivedLength(params), Keystore.hex(params, "salt"));
    }

    @Override
    public byte[] derive(byte[] password) {
      PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
      generator.init(password, salt, iterations);
      return ((KeyParameter) generator.generateDerivedParameters(dklen * 8)).getKey();
    }
  }
}
