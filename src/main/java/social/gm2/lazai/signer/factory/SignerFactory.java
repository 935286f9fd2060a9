package social.gm2.lazai.signer.factory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.config.Setting;
import social.gm2.lazai.crypto.CryptoException;
import social.gm2.lazai.signer.Signer;
import social.gm2.lazai.signer.SignerException;
import social.gm2.lazai.signer.SignerProperties;
import social.gm2.lazai.signer.key.KeySigner;
import social.gm2.lazai.signer.keystore.Keystore;
import social.gm2.lazai.signer.keystore.KeystoreException;
import social.gm2.lazai.signer.web3signer.Web3Signer;

/**
 * Chooses and opens the configured signer at startup; the one class that knows the adapters. Every
 * refusal is a {@link social.gm2.lazai.config.ConfigurationException} naming the setting, without
 * the key or the password.
 */
public final class SignerFactory {
  private static final Logger log = LoggerFactory.getLogger(SignerFactory.class);
  static final Setting PLAIN_KEY =
      new Setting("LAZAI_CONFIG.privateKey", "lazai.chain.private-key");
  private static final Setting TYPE = Setting.property(SignerProperties.PREFIX + "type");

  private SignerFactory() {}

  /**
   * The signer {@code properties} describe.
   *
   * @param plainKey {@code LAZAI_CONFIG.privateKey}, or null when not set
   * @param appEnv {@code lazai.app-env} (normalised {@code APP_ENV}), or null
   * @param variables looks up an environment variable by name (the keystore password variable)
   */
  public static Signer create(
      SignerProperties properties,
      Secret plainKey,
      String appEnv,
      UnaryOperator<String> variables) {
    checkPlainKeyPolicy(properties, plainKey, appEnv);
    Signer signer =
        switch (properties.type()) {
          case PLAIN -> KeySigner.of(plainKey.reveal(), "plain key LAZAI_CONFIG.privateKey");
          case KEYSTORE -> keystore(properties.keystore(), variables, SignerProperties.PREFIX);
          case REMOTE -> remote(properties.remote(), SignerProperties.PREFIX);
        };
    log.info(
        "signer type={} address={}",
        properties.type().name().toLowerCase(Locale.ROOT),
        signer.address());
    return signer;
  }

  /**
   * The sending wallets: {@code main} (the service wallet {@link #create} opened) first, then each
   * {@code lazai.signer.pool[i]} in order. A wallet may appear only once; plain keys in the pool
   * follow the same production policy as the service wallet's. Without a pool, {@code main} alone.
   *
   * @throws social.gm2.lazai.config.ConfigurationException naming the member's setting, never its
   *     key or password
   */
  public static List<Signer> pool(
      SignerProperties properties, Signer main, String appEnv, UnaryOperator<String> variables) {
    Map<String, String> seen = new LinkedHashMap<>();
    seen.put(main.address().toLowerCase(Locale.ROOT), "the service wallet (lazai.signer)");
    List<Signer> wallets = new ArrayList<>(List.of(main));
    for (int i = 0; i < properties.pool().size(); i++) {
      SignerProperties.PoolMember member = properties.pool().get(i);
      String prefix = SignerProperties.poolPrefix(i);
      Setting at = Setting.property(SignerProperties.PREFIX + "pool[" + i + "]");
      if (member.type() == SignerProperties.Type.PLAIN
          && "production".equals(appEnv)
          && !properties.allowPlainKey()) {
        throw Setting.property(prefix + "type")
            .problem(
                "is plain while APP_ENV (lazai.app-env) is production: the wallet key would sit in"
                    + " plain text in the configuration. Use a keystore or a remote signer, or set"
                    + " lazai.signer.allow-plain-key=true to accept the risk");
      }
      Signer signer =
          switch (member.type()) {
            case PLAIN -> KeySigner.of(member.privateKey().reveal().strip(), "plain key " + at);
            case KEYSTORE -> keystore(member.keystore(), variables, prefix);
            case REMOTE -> remote(member.remote(), prefix);
          };
      String address = signer.address().toLowerCase(Locale.ROOT);
      String earlier = seen.putIfAbsent(address, at.property());
      if (earlier != null) {
        throw at.problem(
            "holds the wallet "
                + signer.address()
                + ", which "
                + earlier
                + " holds already: each wallet of the pool must be a different one (two senders"
                + " of one wallet would share its nonces)");
      }
      wallets.add(signer);
    }
    if (wallets.size() > 1) {
      log.info(
          "signer pool of {} wallets: {}",
          wallets.size(),
          wallets.stream().map(Signer::address).toList());
    }
    return List.copyOf(wallets);
  }

  /**
   * The plain key only with the plain signer, and never in production unless allowed; another
   * signer next to a plain key would leave the key in the environment for nothing.
   */
  static void checkPlainKeyPolicy(SignerProperties properties, Secret plainKey, String appEnv) {
    boolean plain = properties.type() == SignerProperties.Type.PLAIN;
    if (plain && plainKey == null) {
      throw PLAIN_KEY.problem(
          "is required but not set (lazai.signer.type is plain; a keystore or a remote signer is"
              + " chosen with lazai.signer.type=keystore or remote)");
    }
    if (!plain && plainKey != null) {
      throw PLAIN_KEY.problem(
          "must not be set when lazai.signer.type is "
              + properties.type().name().toLowerCase(Locale.ROOT)
              + ": remove the plain key from the configuration, the signer holds the wallet");
    }
    if (plain && "production".equals(appEnv) && !properties.allowPlainKey()) {
      throw TYPE.problem(
          "is plain while APP_ENV (lazai.app-env) is production: the wallet key would sit in plain"
              + " text in LAZAI_CONFIG.privateKey (environment, .env files, container specs)."
              + " Use lazai.signer.type=keystore or remote, or set"
              + " lazai.signer.allow-plain-key=true to accept the risk");
    }
  }

  private static Signer keystore(
      SignerProperties.Keystore settings, UnaryOperator<String> variables, String prefix) {
    Setting path = Setting.property(prefix + "keystore.path");
    String json = read(path, settings.path());
    String password = password(settings, variables, prefix);
    try {
      byte[] key = Keystore.decrypt(json, password);
      Signer signer = KeySigner.of(key, "keystore " + settings.path());
      java.util.Arrays.fill(key, (byte) 0);
      var declared = Keystore.declaredAddress(json);
      if (declared.isPresent() && !declared.get().equalsIgnoreCase(signer.address())) {
        throw path.problem(
            "("
                + settings.path()
                + ") declares address "
                + declared.get()
                + " but its key belongs to "
                + signer.address()
                + ": a damaged or edited file");
      }
      return signer;
    } catch (KeystoreException | CryptoException e) {
      throw path.problem(
          "("
              + settings.path()
              + ") cannot be opened: "
              + e.getMessage()
              + passwordHint(settings, prefix));
    }
  }

  private static String password(
      SignerProperties.Keystore settings, UnaryOperator<String> variables, String prefix) {
    if (settings.passwordFile() != null) {
      Setting file = Setting.property(prefix + "keystore.password-file");
      // One trailing line break is what editors and `echo` leave; it is not part of the password.
      return read(file, settings.passwordFile()).replaceFirst("\r?\n$", "");
    }
    String value = variables.apply(settings.passwordVariable());
    if (value == null) {
      throw Setting.property(prefix + "keystore.password-variable")
          .problem(
              "names the environment variable "
                  + settings.passwordVariable()
                  + ", which is not set");
    }
    return value;
  }

  private static String passwordHint(SignerProperties.Keystore settings, String prefix) {
    return settings.passwordFile() != null
        ? " (password from " + prefix + "keystore.password-file " + settings.passwordFile() + ")"
        : " (password from the variable "
            + settings.passwordVariable()
            + ", "
            + prefix
            + "keystore.password-variable)";
  }

  private static Signer remote(SignerProperties.Remote settings, String prefix) {
    try {
      return Web3Signer.connect(settings);
    } catch (SignerException e) {
      throw Setting.property(prefix + "remote").problem("is unusable: " + e.getMessage());
    }
  }

  private static String read(Setting setting, Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw setting.problem("(" + file + ") cannot be read: " + e.getClass().getSimpleName());
    }
  }
}
