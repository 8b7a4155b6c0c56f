import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface TestCertificates {
  /** PEM of the CA that signed the server certificate: what a client must trust. */
  caPem: string;
  caFile: string;
  /** Server certificate followed by the CA (what nginx's ssl_certificate takes). */
  fullchain: string;
  key: string;
}

/**
 * A throwaway CA and a server certificate for 127.0.0.1 and localhost, made with openssl in `dir`:
 * the shape certbot leaves (fullchain.pem, privkey.pem, chain.pem), so nginx reads the same files.
 */
export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  const f = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => run("openssl", args);
  await openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", f("ca.key"));
  await openssl(
    ...["req", "-x509", "-new", "-key", f("ca.key"), "-sha256", "-days", "2", "-out", f("chain.pem")],
    ...["-subj", "/CN=Imtihon test CA", "-addext", "basicConstraints=critical,CA:TRUE"],
    ...["-addext", "keyUsage=critical,keyCertSign,cRLSign"],
  );
  await openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", f("privkey.pem"));
  await openssl("req", "-new", "-key", f("privkey.pem"), "-subj", "/CN=127.0.0.1", "-out", f("server.csr"));
  await writeFile(
    f("server.ext"),
    [
      "basicConstraints=CA:FALSE",
      "keyUsage=critical,digitalSignature",
      "extendedKeyUsage=serverAuth",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ].join("\n"),
  );
  await openssl(
    ...["x509", "-req", "-in", f("server.csr"), "-CA", f("chain.pem"), "-CAkey", f("ca.key")],
    ...["-CAcreateserial", "-days", "2", "-sha256", "-extfile", f("server.ext"), "-out", f("cert.pem")],
  );
  const caPem = await readFile(f("chain.pem"), "utf8");
  await writeFile(f("fullchain.pem"), (await readFile(f("cert.pem"), "utf8")) + caPem);
  return { caPem, caFile: f("chain.pem"), fullchain: f("fullchain.pem"), key: f("privkey.pem") };
}
