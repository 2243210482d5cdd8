/** `npm run check-plan -- plan/<stack>.json [more.json…]`: the policy pack over saved plans. */
import { CHECK_UNREADABLE, checkPlan } from "./check";

async function main(files: string[]): Promise<number> {
    if (files.length === 0) {
        process.stderr.write("usage: npm run check-plan -- plan/<stack>.json [...]\n");
        return CHECK_UNREADABLE;
    }
    let code = 0;
    for (const file of files) code = Math.max(code, await checkPlan(file, (line) => process.stdout.write(`${line}\n`)));
    return code;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
        process.stderr.write(`check-plan failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(CHECK_UNREADABLE);
    },
);
