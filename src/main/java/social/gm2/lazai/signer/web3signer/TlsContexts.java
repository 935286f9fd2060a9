package social.gm2.lazai.signer.web3signer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.config.Setting;
import social.gm2.lazai.signer.SignerProperties;

/** The TLS client context for an https remote signer: its trust store and client certificate. */
final class TlsContexts {
  private static final String AT = "lazai.signer.remote.tls.";

  private TlsContexts() {}

  /** The JDK's default context when nothing is configured. */
  static SSLContext of(SignerProperties.Tls tls) {
    try {
      if (tls.trustStore() == null && tls.keyStore() == null) {
        return SSLContext.getDefault();
      }
      TrustManagerFactory trust = null;
      if (tls.trustStore() != null) {
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(
            load(
                "trust-store",
                tls.trustStore(),
                tls.trustStoreType(),
                password(tls.trustStorePassword())));
      }
      KeyManagerFactory keys = null;
      if (tls.keyStore() != null) {
        char[] password = password(tls.keyStorePassword());
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load("key-store", tls.keyStore(), tls.keyStoreType(), password), password);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keys == null ? null : keys.getKeyManagers(),
          trust == null ? null : trust.getTrustManagers(),
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw Setting.property(AT.substring(0, AT.length() - 1))
          .problem("cannot be used: " + e.getClass().getSimpleName());
    }
  }

  private static KeyStore load(String name, Path file, String type, char[] password) {
    Setting setting = Setting.property(AT + name);
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(in, password);
      return store;
    } catch (IOException e) {
      // A wrong password also surfaces as an IOException; its text does not contain the password.
      throw setting.problem(
          "("
              + file
              + ") cannot be read as "
              + type
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()));
    } catch (GeneralSecurityException e) {
      throw setting.problem("(" + file + ") cannot be read as " + type + ": " + e.getMessage());
    }
  }

  private static char[] password(Secret secret) {
    return secret == null ? null : secret.reveal().toCharArray();
  }
}
