package dev.archfixture.bad.application;

import io.lettuce.core.RedisURI;

/** Fixture violating rule 4: Lettuce outside the Redis adapter. */
public final class LettuceInCore {

    public String hostOf(String url) {
        return RedisURI.create(url).getHost();
    }
}
