package io.websms.provider.generic;

import io.websms.conformance.ProviderContract;

class GenericProviderContractTest extends ProviderContract {

    @Override
    protected String providerName() {
        return "generic";
    }
}
