package com.example.auth;

import java.security.SecureRandom;
import java.util.*;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.lang3.RandomStringUtils;
import org.springframework.stereotype.Service;

@Service
public class PasswordResetService {
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private final Random random = new Random();
    private final SecureRandom secureRandom = new SecureRandom();

    public String generateResetToken() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            // ruleid: java-insecure-random-token
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    public String generateResetTokenSecure() {
        byte[] bytes = new byte[32];
        // ok: java-insecure-random-token
        secureRandom.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public void startVerification(User user) {
        // ruleid: java-insecure-random-token
        int otp = 100000 + new Random().nextInt(900000);
        user.setOtp(String.valueOf(otp));
        // ruleid: java-insecure-random-token
        user.setApiKey(RandomStringUtils.randomAlphanumeric(40));
        // ok: java-insecure-random-token
        user.setInviteCode(RandomStringUtils.secure().nextAlphanumeric(12));
    }

    public List<Question> shuffleQuestions(List<Question> questions) {
        List<Question> copy = new ArrayList<>(questions);
        // ok: java-insecure-random-token
        Collections.shuffle(copy, random);
        return copy;
    }

    public long retryDelayMillis(int attempt) {
        // ok: java-insecure-random-token
        long jitter = ThreadLocalRandom.current().nextLong(0, 250);
        return (1L << attempt) * 100 + jitter;
    }

    public String pickColor() {
        // ok: java-insecure-random-token
        return List.of("red", "green", "blue").get(random.nextInt(3));
    }

    public void mailLoginPin(String address, List<String> outbox) {
        Runnable r = () -> {
            // ruleid: java-insecure-random-token
            String pin = Integer.toString(1000 + new Random().nextInt(9000));
            outbox.add(address + ":" + pin);
        };
        r.run();
    }

    public void mailLoginPinSecure(String address, List<String> outbox) {
        // ok: java-insecure-random-token
        String pin = Integer.toString(1000 + secureRandom.nextInt(9000));
        outbox.add(address + ":" + pin);
    }

    public int shuffleSeed() {
        // ok: java-insecure-random-token
        int colorCode = ThreadLocalRandom.current().nextInt(16);
        return colorCode;
    }
}

class InviteCodes {
    private final Random rng = new SecureRandom();
    private final Random weak = new Random();

    String inviteCode() {
        // ok: java-insecure-random-token
        return Integer.toString(rng.nextInt(1_000_000));
    }

    String resetToken() {
        // ruleid: java-insecure-random-token
        return Long.toHexString(weak.nextLong());
    }

    String sessionNonce() {
        // ruleid: java-insecure-random-token
        return Double.toString(Math.random());
    }
}
