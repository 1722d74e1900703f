import { LocalWorkspace } from "@pulumi/pulumi/automation";
import * as sessions from "@pulumi/auth0-sessions";

const inactivity = process.argv[2]; // e.g. "3d"

const program = async () => {
    const dev = new sessions.TenantSessionSettings("sessions", {
        plan: "professional",
        requireLoginAfter: "30d",
        inactivityTimeout: inactivity,
        cookieMode: "persistent",
    });
    return { settings: dev.settings };
};

async function main(): Promise<void> {
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: "dev", projectName: "ts-consumer", program },
        { workDir: process.cwd() },
    );
    await stack.preview({ onOutput: (text) => process.stderr.write(text) });
    const up = await stack.up({ onOutput: (text) => process.stderr.write(text) });
    console.log(JSON.stringify(up.outputs.settings.value));
}

main().catch((error) => {
    console.error(`failed: ${String(error).split("\n")[0]}`);
    process.exit(1);
});
