using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

public class LegacyTokenProtector
{
    private readonly byte[] _key;

    public LegacyTokenProtector(byte[] key)
    {
        _key = key;
    }

    public byte[] EncryptDes(byte[] data)
    {
        // ruleid: cs-broken-cipher-algorithm
        using var des = DES.Create();
        des.Key = _key[..8];
        des.GenerateIV();
        using var enc = des.CreateEncryptor();
        return enc.TransformFinalBlock(data, 0, data.Length);
    }

    public byte[] EncryptTripleDes(byte[] data)
    {
        // ruleid: cs-broken-cipher-algorithm
        using var tdes = new TripleDESCryptoServiceProvider();
        tdes.Key = _key[..24];
        using var enc = tdes.CreateEncryptor();
        return enc.TransformFinalBlock(data, 0, data.Length);
    }

    public byte[] EncryptEcb(byte[] data)
    {
        using var aes = Aes.Create();
        aes.Key = _key;
        // ruleid: cs-broken-cipher-ecb-mode
        aes.Mode = CipherMode.ECB;
        using var enc = aes.CreateEncryptor();
        return enc.TransformFinalBlock(data, 0, data.Length);
    }

    public byte[] EncryptCbc(byte[] data)
    {
        // ok: cs-broken-cipher-algorithm
        using var aes = Aes.Create();
        aes.Key = _key;
        // ok: cs-broken-cipher-ecb-mode
        aes.Mode = CipherMode.CBC;
        aes.GenerateIV();
        using var enc = aes.CreateEncryptor();
        var cipher = enc.TransformFinalBlock(data, 0, data.Length);
        return aes.IV.Concat(cipher).ToArray();
    }

    public byte[] EncryptGcm(byte[] data)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        var cipher = new byte[data.Length];
        // ok: cs-broken-cipher-algorithm
        using var gcm = new AesGcm(_key, 16);
        gcm.Encrypt(nonce, data, cipher, tag);
        return nonce.Concat(tag).Concat(cipher).ToArray();
    }

    public void Validate(SymmetricAlgorithm alg)
    {
        // ok: cs-broken-cipher-ecb-mode
        if (alg.Mode == CipherMode.ECB)
        {
            throw new CryptographicException("ECB is not allowed");
        }
    }
}
