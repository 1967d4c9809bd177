package io.websms.provider.zadarma;

import io.websms.conformance.ProviderContract;

class ZadarmaProviderContractTest extends ProviderContract {

    @Override
    protected String providerName() {
        return "zadarma";
    }
}
