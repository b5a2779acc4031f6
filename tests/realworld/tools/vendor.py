#!/usr/bin/env python3
"""Select Dockerfiles and Compose projects from unpacked registry packages and
copy them (with small build contexts) into tests/realworld/<source>/."""
import glob, hashlib, json, os, re, shutil, sys
import yaml

SRC = sys.argv[1]          # unpacked packages, one folder per source, laid out as the package
OUT = sys.argv[2]          # tests/realworld
CONF = json.load(open(sys.argv[3]))

DF = re.compile(r'^(dockerfile|containerfile)([._-].*|\d+(\..*)?)?$|^.+\.(dockerfile|containerfile)$', re.I)
CO = re.compile(r'^(docker-)?compose([._-][^/]*)?\.ya?ml$', re.I)
NOT_EXT = set('go py js mjs cjs ts rs rb java c h md txt rst json yml yaml toml xml html template tmpl tpl j2 '
              'jinja erb hbs ejs swp bak orig rej patch diff tar gz tgz xz zip bz2 tmlanguage tmpreferences nanorc '
              'vim el sh snap lock sum'.split())
BIN_EXT = set('tar gz tgz xz zip bz2 zst 7z png jpg jpeg gif ico webp so a o jar war whl exe dll pyc class '
              'woff woff2 ttf eot otf pdf db sqlite iso img qcow2 deb rpm'.split())
MAX_FILE = 128 * 1024
MAX_DIR = 256 * 1024
MAX_DIR_FILES = 60


def kind(path):
    b = os.path.basename(path)
    ext = b.rsplit('.', 1)[-1].lower() if '.' in b else ''
    if DF.match(b) and not b.lower().endswith('.dockerignore') and ext not in NOT_EXT:
        return 'D'
    if CO.match(b):
        return 'C'
    return None


def ok_file(p):
    """Text file we are willing to vendor."""
    if os.path.islink(p) or not os.path.isfile(p):
        return False
    if p.rsplit('.', 1)[-1].lower() in BIN_EXT:
        return False
    if os.path.getsize(p) > MAX_FILE:
        return False
    with open(p, 'rb') as f:
        head = f.read()
    if b'\0' in head[:8192]:
        return False
    try:
        head.decode('utf-8')
    except UnicodeDecodeError:
        return False
    if b'PRIVATE KEY-----' in head:
        return False
    return True


def dir_files(d):
    out = []
    for root, dirs, files in os.walk(d):
        dirs[:] = [x for x in dirs if not os.path.islink(os.path.join(root, x)) and x not in ('.git', 'node_modules')]
        for f in files:
            out.append(os.path.join(root, f))
    return out


def small_dir(d):
    fs = [f for f in dir_files(d) if ok_file(f)]
    tot = sum(os.path.getsize(f) for f in fs)
    return tot <= MAX_DIR and len(fs) <= MAX_DIR_FILES, fs


class Vendor:
    def __init__(self, name, conf):
        self.name, self.conf = name, conf
        self.root = os.path.join(SRC, name)
        self.neg = [re.compile(x) for x in conf.get('negative', [])]
        self.exc = [re.compile(x) for x in conf.get('exclude', [])]
        self.copied = {}   # dest -> 'full'/'partial' context marker for D/C files
        self.skipped = []

    def is_neg(self, rel):
        return any(r.search(rel) for r in self.neg)

    def dest(self, rel, neg):
        return os.path.join(OUT, self.name, 'negative' if neg else '', rel)

    def put(self, abs_src, neg, owner_neg=None):
        rel = os.path.relpath(abs_src, self.root)
        if rel.startswith('..') or ' ' in rel or os.path.basename(rel) == '.gitignore':
            return
        if rel.lower().endswith(('.ejs', '.hbs', '.j2', '.jinja', '.tmpl', '.tpl')):
            return  # generator templates, not real files
        # never copy a negative file into the main set, nor main-set D/C files into negative/
        if not neg and self.is_neg(rel):
            return
        if neg and kind(rel) and not self.is_neg(rel):
            return
        if not ok_file(abs_src):
            if os.path.isfile(abs_src) and not os.path.islink(abs_src):
                self.skipped.append(rel)
            return
        d = self.dest(rel, neg)
        os.makedirs(os.path.dirname(d), exist_ok=True)
        if not os.path.exists(d):
            shutil.copyfile(abs_src, d)

    def put_dir(self, d, neg):
        for f in dir_files(d):
            self.put(f, neg)

    def copy_sources(self, dockerfile, ctx, neg):
        """Copy COPY/ADD sources of a Dockerfile that lives outside a small context."""
        try:
            text = open(dockerfile, encoding='utf-8', errors='replace').read()
        except OSError:
            return
        text = re.sub(r'\\\n', ' ', text)
        for line in text.splitlines():
            m = re.match(r'\s*(COPY|ADD)\s+(.*)', line, re.I)
            if not m or '<<' in m.group(2):
                continue
            args = m.group(2).strip()
            if args.startswith('['):
                try:
                    toks = json.loads(args)
                except ValueError:
                    continue
            else:
                toks = args.split()
            if any(t.startswith('--from') for t in toks):
                continue
            toks = [t for t in toks if not t.startswith('--')][:-1]
            for t in toks:
                if '$' in t or '://' in t or t in ('.', './', '/'):
                    continue
                for p in glob.glob(os.path.join(ctx, t)):
                    if os.path.isdir(p):
                        ok, fs = small_dir(p)
                        if ok and len(fs) <= 20 and sum(os.path.getsize(x) for x in fs) <= 128 * 1024:
                            for f in fs:
                                self.put(f, neg)
                    else:
                        self.put(p, neg)

    def siblings(self, f, neg):
        d = os.path.dirname(f)
        for s in ('.dockerignore', '.containerignore', os.path.basename(f) + '.dockerignore', '.env'):
            p = os.path.join(d, s)
            if os.path.isfile(p):
                self.put(p, neg)

    def vendor_dockerfile(self, f, neg):
        d = os.path.dirname(f)
        ok = False
        if os.path.abspath(d) != os.path.abspath(self.root):
            ok, fs = small_dir(d)
        if ok:
            self.put_dir(d, neg)
            return 'full'
        self.put(f, neg)
        self.siblings(f, neg)
        self.copy_sources(f, d, neg)
        return 'partial'

    def vendor_compose(self, f, neg):
        d = os.path.dirname(f)
        ok = False
        if os.path.abspath(d) != os.path.abspath(self.root):
            ok, fs = small_dir(d)
        if ok:
            self.put_dir(d, neg)
            return 'full'
        self.put(f, neg)
        self.siblings(f, neg)
        try:
            doc = yaml.safe_load(open(f, encoding='utf-8'))
        except Exception:
            doc = None
        if not isinstance(doc, dict):
            return 'partial'
        refs = []
        for svc in (doc.get('services') or {}).values() if isinstance(doc.get('services'), dict) else []:
            if not isinstance(svc, dict):
                continue
            b = svc.get('build')
            if isinstance(b, str):
                refs.append(('ctx', b, 'Dockerfile'))
            elif isinstance(b, dict):
                refs.append(('ctx', b.get('context', '.'), b.get('dockerfile', 'Dockerfile')))
            ef = svc.get('env_file')
            for e in ([ef] if isinstance(ef, str) else ef or []):
                if isinstance(e, dict):
                    e = e.get('path')
                if isinstance(e, str):
                    refs.append(('file', e, None))
        for top in ('configs', 'secrets'):
            for v in (doc.get(top) or {}).values() if isinstance(doc.get(top), dict) else []:
                if isinstance(v, dict) and isinstance(v.get('file'), str):
                    refs.append(('file', v['file'], None))
        for k, p, df in refs:
            if not isinstance(p, str) or '$' in p or '://' in p:
                continue
            ap = os.path.normpath(os.path.join(d, p))
            if k == 'file':
                if os.path.isfile(ap):
                    self.put(ap, neg)
                continue
            if not os.path.isdir(ap) or not isinstance(df, str):
                continue
            dfp = os.path.normpath(os.path.join(ap, df))
            if os.path.abspath(ap) != os.path.abspath(self.root):
                ok2, _ = small_dir(ap)
                if ok2:
                    self.put_dir(ap, neg)
                    continue
            if os.path.isfile(dfp):
                self.put(dfp, neg)
                self.siblings(dfp, neg)
                self.copy_sources(dfp, ap, neg)
        return 'partial'


def main():
    seen_hash = {}
    report = {}
    for name, conf in CONF.items():
        v = Vendor(name, conf)
        cands = []
        for f in sorted(dir_files(v.root)):
            rel = os.path.relpath(f, v.root)
            k = kind(rel)
            if not k or os.path.islink(f):
                continue
            if any(r.search(rel) for r in v.exc):
                continue
            if not ok_file(f):
                v.skipped.append(rel)
                continue
            data = open(f, 'rb').read()
            txt = data.decode('utf-8', 'replace')
            if any(l.lstrip().startswith(('{{', '{%', '<%')) for l in txt.splitlines()):
                v.skipped.append(rel + ' (template)')
                continue
            h = hashlib.sha256(data).hexdigest()
            if h in seen_hash and conf.get('dedupe', True):
                v.skipped.append(rel + ' (duplicate of %s)' % seen_hash[h])
                continue
            seen_hash.setdefault(h, name + '/' + rel)
            cands.append((k, f, rel))
        ctx = {}
        for k, f, rel in cands:
            neg = v.is_neg(rel)
            c = v.vendor_dockerfile(f, neg) if k == 'D' else v.vendor_compose(f, neg)
            ctx[('negative/' if neg else '') + rel] = c
        report[name] = {'ctx': ctx, 'skipped': v.skipped}
        write_license(name, conf)
    write_tables(report)
    if len(sys.argv) > 4:
        json.dump(report, open(sys.argv[4], 'w'), indent=1)


def write_license(name, conf):
    root = os.path.join(SRC, name)
    parts = []
    if conf.get('license_note'):
        parts.append(conf['license_note'].rstrip() + '\n')
    for lf in conf['license_files']:
        parts.append(open(os.path.join(root, lf), encoding='utf-8', errors='replace').read())
    hdr = '%s package %s %s (upstream %s), licence %s.\nText copied from: %s\n\n' % (
        conf['reg'], conf['pkg'], conf['ver'], conf['up'], conf['lic'], ', '.join(conf['license_files']))
    with open(os.path.join(OUT, 'LICENSE.' + name), 'w', encoding='utf-8') as f:
        f.write(hdr + '\n'.join(parts))


def write_tables(report):
    rows, ctxrows = [], []
    for name, conf in CONF.items():
        base = os.path.join(OUT, name)
        files = sorted(os.path.relpath(f, base) for f in dir_files(base))
        projects = set()
        for rel in files:
            k = kind(rel)
            if not k:
                continue
            p = name + '/' + rel
            meta = [conf['reg'], conf['pkg'], conf['ver'], conf['up'], conf['lic']]
            if k == 'D':
                rows.append([p] + meta)
            else:
                projects.add(os.path.dirname(p) + '/')
            c = report[name]['ctx'].get(rel)
            ctxrows.append([p, 'dockerfile' if k == 'D' else 'compose', c or 'in-context'])
        for d in sorted(projects):
            rows.append([d] + [conf['reg'], conf['pkg'], conf['ver'], conf['up'], conf['lic']])
    with open(os.path.join(OUT, 'SOURCES.tsv'), 'w') as f:
        f.write('path\tregistry\tpackage\tversion\tupstream\tlicense\n')
        for r in rows:
            f.write('\t'.join(r) + '\n')
    with open(os.path.join(OUT, 'CONTEXT.tsv'), 'w') as f:
        f.write('path\tkind\tcontext\n')
        for r in ctxrows:
            f.write('\t'.join(r) + '\n')


main()
