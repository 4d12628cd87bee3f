package org.evidencevault.crypto;

import java.util.function.UnaryOperator;
import org.evidencevault.ledger.NoteSigner;
import org.evidencevault.ledger.SignatureType;

/** A key signing notes under a name: its type, public key and signing function. */
record KeyNoteSigner(String keyName, SignatureType type, byte[] key, UnaryOperator<byte[]> signer) implements NoteSigner {

    @Override
    public byte[] publicKey() {
        return key.clone();
    }

    @Override
    public byte[] sign(byte[] message) {
        return signer.apply(message);
    }
}
