package social.gm2.lazai.mint;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import social.gm2.lazai.crypto.PasswordCipher;
import social.gm2.lazai.signer.Signer;

/**
 * What can be done with a token's mint: the verbs that the REST API, the dashboard and the queue
 * jobs call, one per action. A submission is validated and encrypted at once, so the plaintext is
 * never stored; every mint then runs on the {@link MintRunner}.
 */
public class MintService {
  private static final Logger log = LoggerFactory.getLogger(MintService.class);

  private final MintStore store;
  private final MintRunner runner;
  private final MintProperties properties;
  private final Signer wallet;
  private final PasswordCipher cipher;
  private final Clock clock;
  private final LegacyMints legacy;

  /** Without the original service's rows (a database that never had them). */
  public MintService(
      MintStore store,
      MintRunner runner,
      MintProperties properties,
      Signer wallet,
      PasswordCipher cipher,
      Clock clock) {
    this(store, runner, properties, wallet, cipher, clock, null);
  }

  /**
   * @param legacy adopts a token the original service minted instead of minting it again
   */
  public MintService(
      MintStore store,
      MintRunner runner,
      MintProperties properties,
      Signer wallet,
      PasswordCipher cipher,
      Clock clock,
      LegacyMints legacy) {
    this.legacy = legacy;
    this.store = store;
    this.runner = runner;
    this.properties = properties;
    this.wallet = wallet;
    this.cipher = cipher;
    this.clock = clock;
  }

  /** A submitted mint, and whether this submission created it. */
  public record Submission(Mint mint, boolean created) {}

  /**
   * The token's mint: a new one, validated, encrypted, stored and handed to the runner, or the one
   * the token already has (submitting a token again changes nothing). A token the original service
   * minted (its {@code LazAIMintDAT} row, any case) is adopted as an imported mint and never sent
   * to the chain again.
   *
   * @throws InvalidMintRequestException naming the field, before anything is stored or spent
   */
  public Submission submit(String tokenAddress, String fileName, byte[] privacyData) {
    MintRequest request =
        MintRequest.of(tokenAddress, fileName, privacyData, properties.maxDataSize().toBytes());
    return submit(
        request.tokenAddress(),
        request.fileName(),
        request.privacyData().length,
        password -> {
          byte[] ciphertext = cipher.encrypt(request.privacyData(), password.password());
          return store.create(
              newMint(
                  request.tokenAddress(),
                  request.fileName(),
                  request.privacyData().length,
                  password.seed(),
                  ciphertext,
                  sha256(ciphertext)));
        });
  }

  /**
   * Reads uploaded data to its end into a {@link PlaintextSpool}, checking it against {@code
   * lazai.mint.max-data-size} while it is read; the caller closes the spool.
   *
   * @param field the request field the data came in, for messages
   * @throws InvalidMintRequestException when there is no data
   * @throws DataTooLargeException as soon as the data passes the limit
   */
  public PlaintextSpool spool(InputStream data, String field) {
    return PlaintextSpool.read(data, properties.maxDataSize().toBytes(), field);
  }

  /**
   * As {@link #submit(String, String, byte[])} with data that was streamed in: it is encrypted from
   * the spool into a temporary ciphertext file (deleted when this returns), which is stored in
   * chunks, so neither the plaintext nor the ciphertext is ever wholly in memory.
   */
  public Submission submit(String tokenAddress, String fileName, PlaintextSpool data) {
    MintRequest.Fields request = MintRequest.fields(tokenAddress, fileName);
    return submit(
        request.tokenAddress(),
        request.fileName(),
        data.length(),
        password -> {
          Path ciphertext = null;
          try {
            ciphertext = Files.createTempFile(PlaintextSpool.FILE_PREFIX, ".pgp");
            MessageDigest digest = sha256();
            try (InputStream plaintext = data.open();
                OutputStream out =
                    new DigestOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(ciphertext), 64 * 1024),
                        digest)) {
              cipher.encrypt(plaintext, data.length(), out, password.password());
            }
            String hash = HexFormat.of().formatHex(digest.digest());
            return store.create(
                newMint(
                    request.tokenAddress(),
                    request.fileName(),
                    data.length(),
                    password.seed(),
                    new byte[0],
                    hash),
                ciphertext);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot encrypt the uploaded data", e);
          } finally {
            if (ciphertext != null) {
              try {
                Files.deleteIfExists(ciphertext);
              } catch (IOException e) {
                log.warn("cannot delete the temporary ciphertext {}", ciphertext, e);
              }
            }
          }
        });
  }

  /** The seed of a token and the password derived from it. */
  private record Password(String seed, String password) {}

  /** Encrypts and stores a new mint; fails with a duplicate-key error if the token has one. */
  @FunctionalInterface
  private interface Creation {
    Mint create(Password password);
  }

  private Submission submit(String token, String fileName, long size, Creation creation) {
    var existing = store.find(token);
    if (existing.isPresent()) {
      return new Submission(existing.get(), false);
    }
    if (legacy != null) {
      var imported = legacy.importToken(token);
      if (imported.isPresent()) {
        log.info(
            "mint token={} state={} minted by the original service: not minted again",
            token,
            imported.get().state());
        return new Submission(imported.get(), false);
      }
    }
    String seed = properties.seedPolicy().seedFor(properties.encryptionSeed(), token);
    Mint mint;
    try {
      mint = creation.create(new Password(seed, wallet.derivePassword(seed)));
    } catch (DuplicateKeyException e) {
      return new Submission(store.find(token).orElseThrow(() -> e), false);
    }
    log.info("mint token={} state=ENCRYPTED bytes={}", mint.tokenAddress(), size);
    runner.run(mint.tokenAddress());
    return new Submission(mint, true);
  }

  private MintStore.NewMint newMint(
      String token, String fileName, long size, String seed, byte[] ciphertext, String sha256) {
    return new MintStore.NewMint(
        token,
        fileName,
        size,
        seed,
        ciphertext,
        sha256,
        // The runner takes it now; the sweep only if this instance never does.
        clock.instant().plus(properties.leaseDuration()));
  }

  /**
   * Submits the token's mint if it has none and waits for its run to end: what a {@code
   * lazai-mint-dat} job does.
   *
   * @return the mint, settled unless a step of this instance stopped short of it
   * @throws MintStepException when a step failed in a way that may pass (the mint is postponed)
   */
  public Mint mint(String tokenAddress, String fileName, byte[] privacyData) {
    return process(submit(tokenAddress, fileName, privacyData).mint().tokenAddress());
  }

  /**
   * Runs the token's remaining steps on the runner and waits for the run to end. An interrupt of
   * the waiting thread (a queue worker stopping) ends the wait, not the run.
   *
   * @throws MintStepException when a step failed in a way that may pass, or the wait was
   *     interrupted (retryable; the thread's interrupt flag is kept)
   * @throws NoSuchMintException when the token has no mint
   */
  public Mint process(String tokenAddress) {
    try {
      return runner.run(tokenAddress).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw MintStepException.retryable(
          "interrupted while waiting for the run of mint " + tokenAddress, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e);
    }
  }

  /** The token's mint as it stands, if it has one. */
  public Optional<Mint> find(String tokenAddress) {
    return store.find(tokenAddress);
  }

  /**
   * Puts a FAILED mint back in the state it failed in and hands it to the runner.
   *
   * @throws NoSuchMintException when the token has no mint
   * @throws MintStateConflictException when the mint is not FAILED (any more)
   */
  public Mint retry(String tokenAddress) {
    Mint mint = store.find(tokenAddress).orElseThrow(() -> new NoSuchMintException(tokenAddress));
    if (mint.state() != MintState.FAILED) {
      throw notFailed(tokenAddress, mint.state());
    }
    Mint reopened;
    try {
      reopened = store.retried(mint);
    } catch (OptimisticLockingFailureException e) {
      throw notFailed(
          tokenAddress, store.find(tokenAddress).map(Mint::state).orElse(MintState.FAILED));
    }
    log.info("mint token={} retried from {}", tokenAddress, reopened.state());
    runner.run(tokenAddress);
    return reopened;
  }

  private static MintStateConflictException notFailed(String token, MintState state) {
    return new MintStateConflictException(
        "Only a FAILED mint can be retried; the mint of token " + token + " is " + state + ".",
        state);
  }

  private static String sha256(byte[] data) {
    return HexFormat.of().formatHex(sha256().digest(data));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
