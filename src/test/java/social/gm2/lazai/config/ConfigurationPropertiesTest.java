package social.gm2.lazai.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static social.gm2.lazai.config.ConfigFixtures.DB_PASSWORD;
import static social.gm2.lazai.config.ConfigFixtures.JWT;
import static social.gm2.lazai.config.ConfigFixtures.PRIVATE_KEY;
import static social.gm2.lazai.config.ConfigFixtures.REDIS_PASSWORD;
import static social.gm2.lazai.config.ConfigFixtures.bind;
import static social.gm2.lazai.config.ConfigFixtures.validVariables;

import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import social.gm2.lazai.chain.ChainProperties;
import social.gm2.lazai.crypto.SeedPolicy;
import social.gm2.lazai.mint.MintProperties;
import social.gm2.lazai.signer.SignerProperties;
import social.gm2.lazai.signer.factory.SignerFactory;
import social.gm2.lazai.storage.StorageProperties;

/**
 * Every record binds from the original variables, and every bad value is refused with a message
 * that names the variable and leaks no secret.
 */
class ConfigurationPropertiesTest {
  private static final String[] SECRETS = {
    DB_PASSWORD, PRIVATE_KEY, PRIVATE_KEY.substring(2), REDIS_PASSWORD, JWT, "s3cr3t-typo-key"
  };

  @Test
  void theOriginalConfigurationBinds() {
    var vars = validVariables();
    vars.put(
        "SLAVES_DB",
        "[{\"host\":\"replica.internal\",\"port\":3307,\"username\":\"ro\",\"database\":\"test\"}]");

    var db = bind(vars, "lazai.database", DatabaseProperties.class);
    var redis = bind(vars, "lazai.redis", RedisConnectionProperties.class);
    var chain = bind(vars, "lazai.chain", ChainProperties.class);
    var mint = bind(vars, "lazai.mint", MintProperties.class);
    var storage = bind(vars, "lazai.storage", StorageProperties.class);

    assertThat(db.primary().jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/test");
    assertThat(db.primary().password().reveal()).isEqualTo(DB_PASSWORD);
    assertThat(db.replicas()).singleElement().hasToString("ro@replica.internal:3307/test");
    assertThat(db.replicas().get(0).password().reveal()).isEmpty();
    assertThat(redis.password().reveal()).isEqualTo(REDIS_PASSWORD);
    assertThat(redis.database()).isZero();
    assertThat(chain.privateKey().reveal()).isEqualTo(PRIVATE_KEY);
    assertThat(chain.verifiedComputingAddress())
        .isEqualTo("0x87e43f24efc2284fd2bbf11cc80d6fcf3e0ad474");
    assertThat(chain.chainId()).isEqualTo(133_718L);
    assertThat(mint.seedPolicy()).isEqualTo(SeedPolicy.PER_TOKEN);
    assertThat(mint.proofDeadlinePolicy()).isEqualTo(MintProperties.ProofDeadlinePolicy.REPORT);
    assertThat(mint.proofDeadline()).hasMinutes(30);
    assertThat(mint.grantPermission()).as("the file permission is granted by default").isTrue();
    assertThat(storage.pinata().jwt().reveal()).isEqualTo(JWT);
    assertThat(storage.pinata().gatewayUrl()).isEqualTo("https://gateway.pinata.cloud");
    for (Object properties : new Object[] {db, redis, chain, mint, storage}) {
      assertThat(properties.toString()).doesNotContain(SECRETS);
    }
  }

  @Test
  void storageIsPinataWhenIpfsJwtIsSetAndLocalOtherwise() {
    var withJwt = bind(validVariables(), "lazai.storage", StorageProperties.class);
    var vars = validVariables();
    vars.remove("IPFS_JWT");
    var withoutJwt = bind(vars, "lazai.storage", StorageProperties.class);

    assertThat(withJwt.provider()).isEqualTo(StorageProperties.Provider.PINATA);
    assertThat(withJwt.pinata().uploadUrl()).isEqualTo("https://uploads.pinata.cloud");
    assertThat(withJwt.pinata().apiUrl()).isEqualTo("https://api.pinata.cloud");
    assertThat(withJwt.maxSize().toMegabytes()).isEqualTo(90);
    assertThat(withoutJwt.provider()).isEqualTo(StorageProperties.Provider.LOCAL);
    assertThat(withoutJwt.local().directory()).isEqualTo(java.nio.file.Path.of("data", "ipfs"));
    assertThat(withoutJwt.local().cidVersion()).isEqualTo(1);
    assertThat(withoutJwt.local().publicBaseUrl()).isNull();
  }

  @Test
  void localStorageBindsFromKebabCaseVariables() {
    var vars = validVariables();
    vars.put("LAZAI_STORAGE_PROVIDER", "local");
    vars.put("LAZAI_STORAGE_LOCAL_DIRECTORY", "/var/lib/lazai/ipfs");
    vars.put("LAZAI_STORAGE_LOCAL_PUBLIC_BASE_URL", "https://files.example.org/");
    vars.put("LAZAI_STORAGE_LOCAL_CID_VERSION", "0");

    var storage = bind(vars, "lazai.storage", StorageProperties.class);

    assertThat(storage.provider()).isEqualTo(StorageProperties.Provider.LOCAL);
    assertThat(storage.local().directory()).isEqualTo(java.nio.file.Path.of("/var/lib/lazai/ipfs"));
    assertThat(storage.local().publicBaseUrl()).isEqualTo("https://files.example.org");
    assertThat(storage.local().cidVersion()).isZero();
  }

  @Test
  void aKeyWithoutPrefixIsAcceptedAndSeedPolicyBindsFromKebabCase() {
    var vars = validVariables();
    vars.put(
        "LAZAI_CONFIG",
        "{\"privateKey\":\""
            + PRIVATE_KEY.substring(2)
            + "\",\"rpc\":\"http://node:8545\","
            + "\"contractAddress\":\"0x87E43F24Efc2284fd2BBF11CC80d6fcF3E0AD474\","
            + "\"encryptionSeed\":\"seed\"}");
    vars.put("LAZAI_MINT_SEED_POLICY", "per-token");
    vars.put("LAZAI_MINT_PROOF_DEADLINE_POLICY", "re-request");
    vars.put("LAZAI_MINT_GRANT_PERMISSION", "false");

    assertThat(bind(vars, "lazai.chain", ChainProperties.class).privateKey().reveal())
        .isEqualTo(PRIVATE_KEY);
    var mint = bind(vars, "lazai.mint", MintProperties.class);
    assertThat(mint.seedPolicy()).isEqualTo(SeedPolicy.PER_TOKEN);
    assertThat(mint.proofDeadlinePolicy()).isEqualTo(MintProperties.ProofDeadlinePolicy.RE_REQUEST);
    assertThat(mint.grantPermission()).isFalse();
  }

  static Stream<Arguments> badConfigurations() {
    return Stream.of(
        bad("MASTER_DB (lazai.database.primary) is required", v -> v.remove("MASTER_DB")),
        bad(
            "MASTER_DB.database (lazai.database.primary.database) is required",
            v ->
                v.put(
                    "MASTER_DB",
                    "{\"host\":\"db\",\"username\":\"u\",\"password\":\"" + DB_PASSWORD + "\"}")),
        bad(
            "MASTER_DB.host (lazai.database.primary.host) must be a host name or IP address",
            v ->
                v.put("MASTER_DB", "{\"host\":\"db host\",\"username\":\"u\",\"database\":\"d\"}")),
        bad(
            "MASTER_DB.port (lazai.database.primary.port) must be a TCP port between 1 and 65535",
            v ->
                v.put(
                    "MASTER_DB",
                    "{\"host\":\"db\",\"port\":0,\"username\":\"u\",\"database\":\"d\"}")),
        bad(
            "SLAVES_DB[1].username (lazai.database.replicas[1].username) is required",
            v ->
                v.put(
                    "SLAVES_DB",
                    "[{\"host\":\"a\",\"username\":\"u\",\"database\":\"d\"},"
                        + "{\"host\":\"b\",\"password\":\""
                        + DB_PASSWORD
                        + "\",\"database\":\"d\"}]")),
        bad("REDIS.host (lazai.redis.host) is required", v -> v.remove("REDIS")),
        bad(
            "REDIS.db (lazai.redis.database) must be 0 or more",
            v ->
                v.put(
                    "REDIS", "{\"host\":\"r\",\"db\":-1,\"password\":\"" + REDIS_PASSWORD + "\"}")),
        bad(
            "LAZAI_CONFIG.privateKey (lazai.chain.private-key) is required but not set"
                + " (lazai.signer.type is plain",
            v -> withoutKey(v)),
        bad(
            "lazai.signer.type is plain while APP_ENV (lazai.app-env) is production: the wallet"
                + " key would sit in plain text",
            v -> v.put("APP_ENV", "production")),
        bad(
            "LAZAI_CONFIG.privateKey (lazai.chain.private-key) must not be set when"
                + " lazai.signer.type is keystore",
            v -> {
              v.put("LAZAI_SIGNER_TYPE", "keystore");
              v.put("LAZAI_SIGNER_KEYSTORE_PATH", "/etc/lazai/wallet.json");
              v.put("LAZAI_SIGNER_KEYSTORE_PASSWORD_VARIABLE", "WALLET_PASSWORD");
            }),
        bad(
            "lazai.signer.keystore.path is required",
            v -> {
              withoutKey(v);
              v.put("LAZAI_SIGNER_TYPE", "keystore");
            }),
        bad(
            "lazai.signer.keystore.password-file or lazai.signer.keystore.password-variable must"
                + " be set, and only one of them",
            v -> {
              withoutKey(v);
              v.put("LAZAI_SIGNER_TYPE", "keystore");
              v.put("LAZAI_SIGNER_KEYSTORE_PATH", "/etc/lazai/wallet.json");
            }),
        bad(
            "lazai.signer.remote.url is required",
            v -> {
              withoutKey(v);
              v.put("LAZAI_SIGNER_TYPE", "remote");
            }),
        bad(
            "lazai.signer.remote.address must be an address",
            v -> {
              withoutKey(v);
              v.put("LAZAI_SIGNER_TYPE", "remote");
              v.put("LAZAI_SIGNER_REMOTE_URL", "https://signer.internal:9000");
              v.put("LAZAI_SIGNER_REMOTE_ADDRESS", "0x1234");
            }),
        bad(
            "lazai.signer.remote.tls.trust-store is set but lazai.signer.remote.url is not https",
            v -> {
              withoutKey(v);
              v.put("LAZAI_SIGNER_TYPE", "remote");
              v.put("LAZAI_SIGNER_REMOTE_URL", "http://signer.internal:9000");
              v.put("LAZAI_SIGNER_REMOTE_ADDRESS", "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A");
              v.put("LAZAI_SIGNER_REMOTE_TLS_TRUST_STORE", "/etc/lazai/trust.p12");
            }),
        bad(
            "LAZAI_CONFIG.privateKey (lazai.chain.private-key) must be a private key of 32 bytes"
                + " in hex (64 hex digits, optionally 0x-prefixed); the value given has 65 hex digits",
            v -> lazai(v, "privateKey", PRIVATE_KEY + "0")),
        bad(
            "LAZAI_CONFIG.privateKey (lazai.chain.private-key) must be a private key of 32 bytes"
                + " in hex (64 hex digits, optionally 0x-prefixed); the value given contains"
                + " characters that are not hex digits",
            v -> lazai(v, "privateKey", "s3cr3t-typo-key")),
        bad(
            "LAZAI_CONFIG.privateKey (lazai.chain.private-key) must be a private key, not zero",
            v -> lazai(v, "privateKey", "0x" + "0".repeat(64))),
        bad(
            "LAZAI_CONFIG.contractAddress (lazai.chain.verified-computing-address) must be an"
                + " address: 0x followed by 40 hex digits, got '0x87E43F24'",
            v -> lazai(v, "contractAddress", "0x87E43F24")),
        bad(
            "LAZAI_CONFIG.rpc (lazai.chain.rpc-url) must be an absolute URL with a host and one of"
                + " the schemes [http, https], got 'testnet.lazai.network'",
            v -> lazai(v, "rpc", "testnet.lazai.network")),
        bad(
            "LAZAI_CONFIG.rpc (lazai.chain.rpc-url) must not carry credentials",
            v -> lazai(v, "rpc", "https://user:" + DB_PASSWORD + "@rpc.example")),
        bad(
            "LAZAI_CONFIG.rpc (lazai.chain.rpc-url) is not a valid URL",
            v -> lazai(v, "rpc", "http://bad host/")),
        bad(
            "LAZAI_CONFIG.encryptionSeed (lazai.mint.encryption-seed) is required",
            v -> lazai(v, "encryptionSeed", "")),
        bad(
            "LAZAI_CONFIG.encryptionSeed (lazai.mint.encryption-seed) is hex with an odd number of"
                + " digits",
            v -> lazai(v, "encryptionSeed", "0xabc")),
        bad(
            "lazai.chain.allowed-node-networks '10.0.0.0/99' is not a network in CIDR form",
            v -> v.put("LAZAI_CHAIN_ALLOWED_NODE_NETWORKS", "10.0.0.0/99")),
        bad(
            "lazai.mint.proof-deadline must be longer than lazai.mint.node-read-timeout (PT3M),"
                + " or a node still working on a job would be given up on",
            v -> v.put("LAZAI_MINT_PROOF_DEADLINE", "2m")),
        bad(
            "lazai.mint.max-proof-requests must be between 1 and 10",
            v -> v.put("LAZAI_MINT_MAX_PROOF_REQUESTS", "0")),
        bad("lazai.mint.retry-delay must be positive", v -> v.put("LAZAI_MINT_RETRY_DELAY", "0s")),
        bad(
            "lazai.chain.transactions.fee-bump-percent must be at least 12.5",
            v -> v.put("LAZAI_CHAIN_TRANSACTIONS_FEE_BUMP_PERCENT", "10")),
        bad(
            "IPFS_JWT (lazai.storage.pinata.jwt) does not look like a JWT",
            v -> v.put("IPFS_JWT", "s3cr3t-typo-key")),
        bad(
            "IPFS_JWT (lazai.storage.pinata.jwt) is required when lazai.storage.provider is pinata",
            v -> {
              v.remove("IPFS_JWT");
              v.put("LAZAI_STORAGE_PROVIDER", "pinata");
            }),
        bad(
            "lazai.storage.local.cid-version must be 0 or 1, got 2",
            v -> v.put("LAZAI_STORAGE_LOCAL_CID_VERSION", "2")),
        bad(
            "lazai.storage.local.public-base-url must be an absolute URL",
            v -> v.put("LAZAI_STORAGE_LOCAL_PUBLIC_BASE_URL", "localhost:3003")),
        bad(
            "lazai.storage.pinata.upload-url must be an absolute URL",
            v -> v.put("LAZAI_STORAGE_PINATA_UPLOAD_URL", "ftp://uploads.example")),
        bad(
            "lazai.storage.pinata.timeout must be positive",
            v -> v.put("LAZAI_STORAGE_PINATA_TIMEOUT", "0s")),
        bad(
            "lazai.storage.max-size must be at least 1B",
            v -> v.put("LAZAI_STORAGE_MAX_SIZE", "0B")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigurations")
  void badValuesAreRefusedByNameWithoutTheSecret(
      String expected, Consumer<Map<String, Object>> edit) {
    var vars = validVariables();
    edit.accept(vars);

    Throwable failure =
        catchThrowable(
            () -> {
              bind(vars, "lazai.database", DatabaseProperties.class);
              bind(vars, "lazai.redis", RedisConnectionProperties.class);
              var chain = bind(vars, "lazai.chain", ChainProperties.class);
              bind(vars, "lazai.mint", MintProperties.class);
              bind(vars, "lazai.storage", StorageProperties.class);
              SignerFactory.create(
                  bind(vars, "lazai.signer", SignerProperties.class),
                  chain.privateKey(),
                  ConfigFixtures.environment(vars).getProperty("lazai.app-env"),
                  name -> null);
            });

    assertThat(failure).as("refused").isNotNull();
    Throwable cause = rootCause(failure);
    assertThat(cause).isInstanceOf(ConfigurationException.class);
    assertThat(cause.getMessage()).startsWith(expected).doesNotContain(SECRETS);
    var analysis = new ConfigurationFailureAnalyzer().analyze(failure);
    assertThat(analysis.getDescription()).contains(expected).doesNotContain(SECRETS);
  }

  private static Throwable rootCause(Throwable t) {
    return t.getCause() == null ? t : rootCause(t.getCause());
  }

  private static Arguments bad(String expected, Consumer<Map<String, Object>> edit) {
    return Arguments.of(expected, edit);
  }

  private static void withoutKey(Map<String, Object> vars) {
    String json = (String) vars.get("LAZAI_CONFIG");
    vars.put("LAZAI_CONFIG", json.replaceFirst("\"privateKey\":\"[^\"]*\",", ""));
  }

  private static void lazai(Map<String, Object> vars, String field, String value) {
    String json = (String) vars.get("LAZAI_CONFIG");
    vars.put(
        "LAZAI_CONFIG",
        json.replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":\"" + value + "\""));
  }
}
