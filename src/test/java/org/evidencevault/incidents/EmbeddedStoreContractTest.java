package org.evidencevault.incidents;

/** The store contract on the embedded default store (mongo-java-server, H2 file). */
class EmbeddedStoreContractTest extends StoreContract {
}
