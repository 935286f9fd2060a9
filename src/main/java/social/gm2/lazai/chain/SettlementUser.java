package social.gm2.lazai.chain;

import java.math.BigInteger;

/**
 * A user of the Settlement contract ({@code getUser}).
 *
 * @param availableBalance wei not yet moved into any node account ({@code depositInference} draws
 *     from it)
 * @param totalBalance wei paid in
 */
public record SettlementUser(
    String address, BigInteger availableBalance, BigInteger totalBalance) {}
