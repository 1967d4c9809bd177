package io.websms.provider.twiliolike;

import io.websms.conformance.ProviderContract;

class TwilioLikeProviderContractTest extends ProviderContract {

    @Override
    protected String providerName() {
        return "twilio-like";
    }
}
