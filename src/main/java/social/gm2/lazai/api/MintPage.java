package social.gm2.lazai.api;

import java.util.List;

/** A page of mints, newest first; {@code total} counts every mint the filter matches. */
public record MintPage(List<MintView> items, int page, int size, long total) {}
