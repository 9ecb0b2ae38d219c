package dev.jobcache.benchmarks.load;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/** The 50 users of a run and the admin, with bearer tokens made up for this run only. */
final class Users {

    static final int COUNT = 50;

    private final List<User> all;
    private final String adminToken;

    private Users(List<User> all, String adminToken) {
        this.all = List.copyOf(all);
        this.adminToken = adminToken;
    }

    static Users generate() {
        SecureRandom random = new SecureRandom();
        List<User> users = new ArrayList<>();
        for (int i = 1; i <= COUNT; i++) {
            String name = String.format("user%02d", i);
            users.add(new User(name, "bench-" + name + "-" + hex(random)));
        }
        return new Users(users, "bench-admin-" + hex(random));
    }

    List<User> all() {
        return all;
    }

    String adminToken() {
        return adminToken;
    }

    /** The value of {@code AUTH_TOKENS}: {@code user01:TOKEN,...}. */
    String authTokens() {
        return all.stream().map(u -> u.name() + ":" + u.token()).collect(Collectors.joining(","));
    }

    User byName(String name) {
        return all.stream().filter(u -> u.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no user " + name));
    }

    private static String hex(SecureRandom random) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    record User(String name, String token) {
    }
}
