package social.gm2.lazai.mint;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import social.gm2.lazai.chain.ChainException;
import social.gm2.lazai.crypto.CryptoException;
import social.gm2.lazai.crypto.PasswordCipher;
import social.gm2.lazai.crypto.Wallet;
import social.gm2.lazai.storage.StorageException;

/**
 * The mint pipeline: one {@link Mint} per token, moved step by step until it is rewarded or fails.
 * {@link #submit} validates and encrypts at once, so the plaintext is never stored; {@link
 * #process} runs the steps, and may be called again at any time, by any instance, after any crash.
 */
public class MintService {
  private static final Logger log = LoggerFactory.getLogger(MintService.class);
  private static final Duration MAX_DELAY = Duration.ofHours(1);

  private final MintRepository mints;
  private final MintProperties properties;
  private final Wallet wallet;
  private final PasswordCipher cipher;
  private final Clock clock;
  private final Map<MintState, MintStep> steps = new EnumMap<>(MintState.class);

  MintService(
      MintRepository mints,
      MintProperties properties,
      Wallet wallet,
      PasswordCipher cipher,
      Clock clock,
      List<MintStep> steps) {
    this.mints = mints;
    this.properties = properties;
    this.wallet = wallet;
    this.cipher = cipher;
    this.clock = clock;
    steps.forEach(step -> this.steps.put(step.from(), step));
  }

  /**
   * The token's mint: a new one, encrypted and stored, or the one it already has (submitting a
   * token again changes nothing).
   *
   * @throws InvalidMintRequestException before anything is stored or spent
   */
  public Mint submit(String tokenAddress, String fileName, byte[] privacyData) {
    return submit(
        MintRequest.of(tokenAddress, fileName, privacyData, properties.maxDataSize().toBytes()));
  }

  public Mint submit(MintRequest request) {
    var existing = mints.find(request.tokenAddress());
    if (existing.isPresent()) {
      return existing.get();
    }
    String seed =
        properties.seedPolicy().seedFor(properties.encryptionSeed(), request.tokenAddress());
    byte[] ciphertext = cipher.encrypt(request.privacyData(), wallet.derivePassword(seed));
    try {
      Mint mint =
          mints.create(
              new MintRepository.NewMint(
                  request.tokenAddress(),
                  request.fileName(),
                  request.privacyData().length,
                  seed,
                  ciphertext,
                  sha256(ciphertext),
                  // Whoever submitted runs it now; the sweeper only if that worker never does.
                  clock.instant().plus(properties.leaseDuration())));
      log.info("mint token={} state=ENCRYPTED bytes={}", mint.tokenAddress(), ciphertext.length);
      return mint;
    } catch (DuplicateKeyException e) {
      return mints.find(request.tokenAddress()).orElseThrow(() -> e);
    }
  }

  /**
   * Runs the token's remaining steps, holding the mint's lease so that no other worker runs them at
   * the same time; a mint another worker holds is returned as it is. A permanent failure moves the
   * mint to FAILED and returns it; a retryable one is recorded on the mint, which the sweeper runs
   * again later, and thrown, for the caller to try again later.
   *
   * @throws MintStepException when a step failed in a way that may pass
   */
  public Mint process(String tokenAddress) {
    Mint mint = mints.find(tokenAddress).orElseThrow(() -> noMint(tokenAddress));
    String owner = UUID.randomUUID().toString();
    if (mint.state().settled() || !lease(mint, owner)) {
      return mint;
    }
    try {
      while (!mint.state().settled() && steps.containsKey(mint.state())) {
        if (!lease(mint, owner)) {
          log.warn("mint token={} lease lost to another worker", mint.tokenAddress());
          return mint;
        }
        mint = step(mint);
      }
      return mint;
    } finally {
      mints.release(mint.id(), owner);
    }
  }

  /**
   * Puts a FAILED mint back in the state it failed in and runs it again.
   *
   * @throws IllegalStateException if the mint has not failed
   */
  public Mint retry(String tokenAddress) {
    reopen(tokenAddress);
    return process(tokenAddress);
  }

  /**
   * Puts a FAILED mint back in the state it failed in, due at once, without running it: the caller
   * (or the sweeper) runs it. The API answers a retry with this and runs the steps off the request
   * thread.
   *
   * @throws IllegalStateException if the mint has not failed
   * @throws OptimisticLockingFailureException if another caller reopened it at the same time
   */
  public Mint reopen(String tokenAddress) {
    Mint mint = mints.find(tokenAddress).orElseThrow(() -> noMint(tokenAddress));
    if (mint.state() != MintState.FAILED) {
      throw new IllegalStateException(
          "only a FAILED mint can be retried; token " + tokenAddress + " is " + mint.state());
    }
    MintState back = mints.failedIn(mint);
    log.info("mint token={} retried from {}", tokenAddress, back);
    return mints.retried(mint, back);
  }

  private boolean lease(Mint mint, String owner) {
    Instant now = clock.instant();
    return mints.lease(mint.id(), owner, now, now.plus(properties.leaseDuration()));
  }

  private static IllegalArgumentException noMint(String tokenAddress) {
    return new IllegalArgumentException("no mint for token " + tokenAddress);
  }

  private Mint step(Mint mint) {
    try {
      Mint next = steps.get(mint.state()).run(mint);
      log.info("mint token={} state={}", next.tokenAddress(), next.state());
      return next;
    } catch (OptimisticLockingFailureException e) {
      log.info("mint token={} was moved by another worker; reading it again", mint.tokenAddress());
      return mints.find(mint.tokenAddress()).orElseThrow();
    } catch (RuntimeException e) {
      boolean retryable = retryable(e);
      String reason = mint.state() + ": " + FailureReason.of(mint.tokenAddress(), e);
      Mint recorded = mints.failed(mint, reason, !retryable, nextAttempt(mint.attempts()));
      if (!retryable) {
        log.error("mint token={} state=FAILED reason={}", mint.tokenAddress(), reason);
        return recorded;
      }
      log.warn("mint token={} state={} will retry: {}", mint.tokenAddress(), mint.state(), reason);
      throw e instanceof MintStepException step ? step : new MintStepException(reason, true, e);
    }
  }

  /** The retry delay doubled for each failure before this one, up to an hour. */
  private Instant nextAttempt(int failuresBefore) {
    Duration delay = properties.retryDelay().multipliedBy(1L << Math.min(failuresBefore, 20));
    return clock.instant().plus(delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay);
  }

  /**
   * Classified once, by the adapters' own exceptions, also when they arrive wrapped (a lazily
   * connected chain adapter that cannot reach its RPC endpoint fails inside a bean creation).
   */
  static boolean retryable(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MintStepException step) {
        return step.retryable();
      }
      if (t instanceof ChainException chain) {
        return chain.retryable();
      }
      if (t instanceof StorageException storage) {
        return storage.retryable();
      }
      if (t instanceof CryptoException || t instanceof IllegalArgumentException) {
        return false;
      }
    }
    return e instanceof org.springframework.dao.TransientDataAccessException;
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
