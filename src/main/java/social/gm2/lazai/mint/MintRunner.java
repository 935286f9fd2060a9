package social.gm2.lazai.mint;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Runs mints: the one place where a mint's steps run, whoever asked (the REST API, a queue job, the
 * sweep). One bounded pool of workers; a mint runs in one worker of one instance at a time, under a
 * lease in its row that a heartbeat renews while the worker holds it, so a killed instance's mints
 * are free again one lease later. A mint another instance holds is looked at again later, without
 * holding a worker, until it is settled or free. Every sweep interval, the runner also takes
 * unsettled mints that are due and that nobody holds: submitted but never run, interrupted, or
 * postponed after a failure that may pass.
 */
public final class MintRunner implements SmartLifecycle, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MintRunner.class);
  private static final Duration MAX_DELAY = Duration.ofHours(1);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

  private final MintStore store;
  private final Map<MintState, MintStep> steps = new EnumMap<>(MintState.class);
  private final MintProperties properties;
  private final Clock clock;
  private final String owner;
  private final ConcurrentMap<String, CompletableFuture<Mint>> running = new ConcurrentHashMap<>();
  private final Set<Long> held = ConcurrentHashMap.newKeySet();
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService timer;
  private ScheduledFuture<?> sweeping;
  private final ObservationRegistry observations;
  private final Map<String, Observation> callers = new ConcurrentHashMap<>();

  /**
   * @param owner this instance's name in the leases it takes; unique per instance
   */
  public MintRunner(
      MintStore store, List<MintStep> steps, MintProperties properties, Clock clock, String owner) {
    this(store, steps, properties, clock, owner, ObservationRegistry.NOOP);
  }

  /**
   * @param observations each run and step is a span, the run a child of the caller's
   */
  public MintRunner(
      MintStore store,
      List<MintStep> steps,
      MintProperties properties,
      Clock clock,
      String owner,
      ObservationRegistry observations) {
    this.observations = observations;
    this.store = store;
    steps.forEach(step -> this.steps.put(step.from(), step));
    this.properties = properties;
    this.clock = clock;
    this.owner = owner;
    int size = properties.workers();
    this.workers =
        new ThreadPoolExecutor(
            size, size, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), daemon("mint-worker"));
    this.workers.allowCoreThreadTimeOut(true);
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("mint-runner"));
    long beat = properties.leaseDuration().toMillis() / 3;
    timer.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs the token's remaining steps, unless this runner already is (then the same run is
   * answered). Completes with the mint when the run ends: settled, or in a state no step of this
   * runner handles; exceptionally with a retryable {@link MintStepException} when a step failed in
   * a way that may pass (the mint is postponed and swept again later).
   */
  public CompletableFuture<Mint> run(String tokenAddress) {
    CompletableFuture<Mint> fresh = new CompletableFuture<>();
    CompletableFuture<Mint> run = running.putIfAbsent(tokenAddress, fresh);
    if (run != null) {
      return run;
    }
    Observation caller = observations.getCurrentObservation();
    if (caller != null) {
      callers.put(tokenAddress, caller);
    }
    fresh.whenComplete(
        (mint, failure) -> {
          callers.remove(tokenAddress);
          running.remove(tokenAddress, fresh);
        });
    dispatch(tokenAddress, fresh);
    return fresh;
  }

  /**
   * Runs the mints that are due now, as many as there are idle workers.
   *
   * @return the runs it started
   */
  public List<CompletableFuture<Mint>> sweep() {
    int room = properties.workers() - running.size();
    if (room <= 0) {
      return List.of();
    }
    List<CompletableFuture<Mint>> started = new ArrayList<>();
    for (Mint mint : store.due(clock.instant(), room)) {
      if (!running.containsKey(mint.tokenAddress())) {
        started.add(run(mint.tokenAddress()));
      }
    }
    if (!started.isEmpty()) {
      log.info("mint sweep started {} due mints", started.size());
    }
    return started;
  }

  private void dispatch(String token, CompletableFuture<Mint> done) {
    try {
      workers.execute(() -> attempt(token, done));
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(stopped(e));
    }
  }

  private void attempt(String token, CompletableFuture<Mint> done) {
    MintObservations.run(observations, callers.get(token), token)
        .observe(() -> attemptObserved(token, done));
  }

  private void attemptObserved(String token, CompletableFuture<Mint> done) {
    try {
      Mint mint = store.find(token).orElseThrow(() -> new NoSuchMintException(token));
      if (mint.state().settled() || !steps.containsKey(mint.state())) {
        done.complete(mint);
        return;
      }
      Instant now = clock.instant();
      if (!store.lease(mint.id(), owner, now, now.plus(properties.leaseDuration()))) {
        recheck(token, done);
        return;
      }
      held.add(mint.id());
      Mint end;
      try {
        end = steps(mint);
      } finally {
        // Released before the run answers: whoever waited on it may take the mint at once.
        held.remove(mint.id());
        store.release(mint.id(), owner);
      }
      if (end == null) {
        recheck(token, done);
      } else {
        done.complete(end);
      }
    } catch (RuntimeException | Error e) {
      done.completeExceptionally(e);
    }
  }

  /** Looks at a mint another worker holds again later, without holding a worker meanwhile. */
  private void recheck(String token, CompletableFuture<Mint> done) {
    long delay = Math.max(50, Math.min(1000, properties.leaseDuration().toMillis() / 30));
    try {
      timer.schedule(() -> dispatch(token, done), delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(stopped(e));
    }
  }

  /** The steps from where the mint stands; null when the lease was lost to another worker. */
  private Mint steps(Mint mint) {
    while (!mint.state().settled() && steps.containsKey(mint.state())) {
      Instant now = clock.instant();
      if (!store.lease(mint.id(), owner, now, now.plus(properties.leaseDuration()))) {
        log.warn("mint token={} lease lost to another worker", mint.tokenAddress());
        return null;
      }
      mint = step(mint, steps.get(mint.state()));
    }
    return mint;
  }

  private Mint step(Mint mint, MintStep step) {
    try {
      Mint next = MintObservations.step(observations, mint).observe(() -> step.run(mint));
      log.info("mint token={} state={}", next.tokenAddress(), next.state());
      return next;
    } catch (OptimisticLockingFailureException e) {
      log.info("mint token={} was moved by another worker; reading it again", mint.tokenAddress());
      return store.find(mint.tokenAddress()).orElseThrow();
    } catch (RuntimeException e) {
      String reason = mint.state() + ": " + FailureReason.of(mint.tokenAddress(), e);
      if (Thread.interrupted() || e.getCause() instanceof InterruptedException) {
        // Shutdown, not a failure: nothing is recorded, the lease is released (the flag is
        // cleared first, so that the database calls work) and another worker resumes the mint.
        throw MintStepException.retryable("interrupted at " + reason, e);
      }
      if (!MintStepException.isRetryable(e)) {
        log.error("mint token={} state=FAILED reason={}", mint.tokenAddress(), reason);
        return store.failed(mint, reason);
      }
      log.warn("mint token={} state={} will retry: {}", mint.tokenAddress(), mint.state(), reason);
      store.postponed(mint, reason, nextAttempt(mint.attempts()));
      throw e instanceof MintStepException failure
          ? failure
          : MintStepException.retryable(reason, e);
    }
  }

  /** The retry delay doubled for each failure before this one, up to an hour. */
  private Instant nextAttempt(int failuresBefore) {
    Duration delay = properties.retryDelay().multipliedBy(1L << Math.min(failuresBefore, 20));
    return clock.instant().plus(delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay);
  }

  /** Renews the leases of the mints this runner holds: every third of the lease duration. */
  void heartbeat() {
    try {
      store.renew(owner, Set.copyOf(held), clock.instant().plus(properties.leaseDuration()));
    } catch (RuntimeException e) {
      log.warn("mint leases of {} not renewed this time: {}", owner, e.toString());
    }
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      log.warn(
          "mint sweep failed; trying again in {}: {}", properties.sweepInterval(), e.toString());
    }
  }

  @Override
  public synchronized void start() {
    long every = properties.sweepInterval().toMillis();
    sweeping =
        timer.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Stops sweeping and taking work; running steps get a short while to finish, then are
   * interrupted. An interrupted step is safe (intent keys): its lease is released and another
   * instance resumes the mint.
   */
  @Override
  public synchronized void stop() {
    if (sweeping != null) {
      sweeping.cancel(false);
      sweeping = null;
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    // Runs that never got a worker: their mints stay due, for this or another instance.
    running.values().forEach(run -> run.completeExceptionally(stopped(null)));
  }

  private static MintStepException stopped(Throwable cause) {
    return MintStepException.retryable("the mint runner is shutting down", cause);
  }

  @Override
  public synchronized boolean isRunning() {
    return sweeping != null;
  }

  @Override
  public void close() {
    stop();
    timer.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
