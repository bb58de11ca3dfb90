package com.example.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;

@Service
public class AccountService {
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder();

    public String hashPassword(String password) throws Exception {
        // ruleid: java-weak-hash-credential
        MessageDigest md = MessageDigest.getInstance("MD5");
        return HexFormat.of().formatHex(md.digest(password.getBytes(StandardCharsets.UTF_8)));
    }

    public String hashPasswordSafe(String password) {
        // ok: java-weak-hash-credential
        return encoder.encode(password);
    }

    public void register(UserForm form) {
        // ruleid: java-weak-hash-credential
        String stored = DigestUtils.sha1Hex(form.getPassword());
        repository.save(new User(form.getEmail(), stored));
    }

    public String resetTokenDigest(String token) throws Exception {
        // ok: java-weak-hash-credential
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(md.digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    public String etagFor(byte[] content) throws Exception {
        // ok: java-weak-hash-credential
        // ok: java-weak-hash
        MessageDigest md = MessageDigest.getInstance("MD5");
        return "\"" + HexFormat.of().formatHex(md.digest(content)) + "\"";
    }

    public String fileChecksum(byte[] data) {
        // ok: java-weak-hash
        return DigestUtils.md5Hex(data);
    }

    public String digest(String value) throws Exception {
        // ruleid: java-weak-hash
        MessageDigest md = MessageDigest.getInstance("SHA-1");
        return HexFormat.of().formatHex(md.digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
