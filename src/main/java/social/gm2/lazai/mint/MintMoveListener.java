package social.gm2.lazai.mint;

/**
 * Told of every move {@link MintStore} makes, inside the move's transaction and after its writes:
 * what a listener writes with the store's {@code JdbcTemplate} commits or rolls back with the move
 * (a durable outbox needs exactly that). A listener that throws rolls the move back, so it must
 * only write rows of its own, never call out.
 */
@FunctionalInterface
public interface MintMoveListener {

  /**
   * @param from the state the mint left
   * @param moved the mint as the move left it
   */
  void moved(MintState from, Mint moved);
}
