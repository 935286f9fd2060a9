package social.gm2.lazai.signer;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import social.gm2.lazai.config.Secret;

/**
 * Throw-away TLS material made with the JDK's keytool: a server certificate for 127.0.0.1, a client
 * certificate, and trust stores holding each other's certificate.
 */
record TestTls(Path dir) {
  static final String PASSWORD = "changeit-test";

  static TestTls create(Path dir) throws Exception {
    Files.createDirectories(dir);
    TestTls tls = new TestTls(dir);
    tls.keyPair("server", "san=ip:127.0.0.1");
    tls.keyPair("client", "san=dns:lazai-client");
    tls.trust("server", "client-trust.p12");
    tls.trust("client", "server-trust.p12");
    return tls;
  }

  /** The server's key and the client certificate it trusts. */
  SSLContext serverContext() throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(load("server.p12"), PASSWORD.toCharArray());
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(load("server-trust.p12"));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  /** The client's settings: the server's certificate trusted, with or without its own. */
  SignerProperties.Tls clientSettings(boolean withCertificate) {
    return new SignerProperties.Tls(
        dir.resolve("client-trust.p12"),
        Secret.valueOf(PASSWORD),
        null,
        withCertificate ? dir.resolve("client.p12") : null,
        withCertificate ? Secret.valueOf(PASSWORD) : null,
        null);
  }

  private KeyStore load(String name) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(name))) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  private void keyPair(String alias, String san) throws Exception {
    keytool(
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + alias,
        "-ext",
        san,
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        dir.resolve(alias + ".p12").toString(),
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        alias,
        "-keystore",
        dir.resolve(alias + ".p12").toString(),
        "-storepass",
        PASSWORD,
        "-file",
        dir.resolve(alias + ".crt").toString());
  }

  private void trust(String alias, String store) throws Exception {
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        alias,
        "-file",
        dir.resolve(alias + ".crt").toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        dir.resolve(store).toString(),
        "-storepass",
        PASSWORD);
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
    }
  }
}
