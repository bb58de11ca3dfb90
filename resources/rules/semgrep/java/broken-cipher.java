package com.example.vault;

import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

public class CardVault {
    private static final String LEGACY = "DESede/CBC/PKCS5Padding";
    private static final String MODERN = "AES/GCM/NoPadding";
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public CardVault(SecretKey key) {
        this.key = key;
    }

    public byte[] encryptLegacy(byte[] pan) throws Exception {
        // ruleid: java-broken-cipher-algorithm
        Cipher c = Cipher.getInstance("DES/ECB/PKCS5Padding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.getEncoded(), 0, 8, "AES"));
        return c.doFinal(pan);
    }

    public byte[] encryptTriple(byte[] pan) throws Exception {
        // ruleid: java-broken-cipher-algorithm
        Cipher c = Cipher.getInstance(LEGACY);
        c.init(Cipher.ENCRYPT_MODE, key);
        return c.doFinal(pan);
    }

    public byte[] encryptDefault(byte[] pan) throws Exception {
        // ruleid: java-broken-cipher-ecb
        Cipher c = Cipher.getInstance("AES");
        c.init(Cipher.ENCRYPT_MODE, key);
        return c.doFinal(pan);
    }

    public byte[] encryptEcb(byte[] pan) throws Exception {
        // ruleid: java-broken-cipher-ecb
        Cipher c = Cipher.getInstance("AES/ECB/PKCS5Padding");
        c.init(Cipher.ENCRYPT_MODE, key);
        return c.doFinal(pan);
    }

    public byte[] encrypt(byte[] pan) throws Exception {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        // ok: java-broken-cipher-algorithm
        // ok: java-broken-cipher-ecb
        Cipher c = Cipher.getInstance(MODERN);
        c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        return c.doFinal(pan);
    }

    public byte[] wrapKey(byte[] data, java.security.PublicKey pub) throws Exception {
        // ok: java-broken-cipher-ecb
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        c.init(Cipher.ENCRYPT_MODE, pub);
        return c.doFinal(data);
    }

    public SecretKey newKey() throws Exception {
        // ok: java-broken-cipher-algorithm
        KeyGenerator kg = KeyGenerator.getInstance("AES");
        kg.init(256);
        return kg.generateKey();
    }
}
