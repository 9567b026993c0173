// Image sources against the shared Debian images: every image resolves from
// the OCI archive and the docker-archive with the digests published with the
// images (typed in here by hand), and blobs hash to their digests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openImage } from '../../src/image/reference.js';
import { sharedPath } from '../shared.js';
import { hashStream } from './sources-fixtures.js';

const OCI_ARCHIVE = sharedPath('images', 'debian-images.oci.tar');
const DOCKER_ARCHIVE = sharedPath('images', 'debian-images.docker-archive.tar.gz');

const BASE_LAYER = 'sha256:f9e65c07cd6a4b7d58d174761e5de64a1c5318f4fdfdfddc9ae9b8ed80ee429b';
const BASE_DIFF_ID = 'sha256:e7b697e5a242af409668f6d7914d5651da0a3d1b1c0cd7ccc517861c00724dae';

interface ExpectedImage {
  name: string;
  ociManifest: string;
  /** Manifest digest of the docker-archive form, as `skopeo inspect` reports it; absent when the image is only in the OCI file. */
  dockerManifest?: string;
  config: string;
  layers: { digest: string; diffId: string; size: number }[];
}

const IMAGES: ExpectedImage[] = [
  {
    name: 'debian-bookworm-minbase',
    ociManifest: 'sha256:652a495afb17cee5e3a4f41e7d625064af002a7464a451daa410596bd3e92633',
    dockerManifest: 'sha256:d31bc7132cebd508a409b03bbab906731a0fbf4a34a2dc379c46e9666f7eabfe',
    config: 'sha256:fde2a154cc3f25ff396e2a123c615c85fab0679f2af1b18e096fbfa58ada1d61',
    layers: [{ digest: BASE_LAYER, diffId: BASE_DIFF_ID, size: 29977810 }],
  },
  {
    name: 'debian-multilayer',
    ociManifest: 'sha256:f1686b44337d2ab780664be0936c6dad4ccadb1a6badb63317dc6a054a06a14e',
    dockerManifest: 'sha256:34478a2fa80235d0058510dc4a30415bcd95ef441810b01c25c885fa0fa0aebc',
    config: 'sha256:ffcbeb69afd5ea0446ae024ddbd5654a4a0de83c9271ac5d8e87cb525c18219b',
    layers: [
      { digest: BASE_LAYER, diffId: BASE_DIFF_ID, size: 29977810 },
      {
        digest: 'sha256:8a2639a7e1ebf1d3f0d04d2afc244f5a2bab5f04cc191fe31d594d0e65c0e222',
        diffId: 'sha256:741e52c855241ddcdb3aa65fd62b6d4fb5eda5aacb556cf298630b4207f3f2da',
        size: 6653338,
      },
      {
        digest: 'sha256:6ffd15df33bf539c5e74f5ab54847bcb8867aef37b755129b1f266b46c9e8d82',
        diffId: 'sha256:2e9a0431d831fda98d0fa970641013469ba0af57184665e80c6f9fd111cb582d',
        size: 27943,
      },
      {
        digest: 'sha256:5cb8ba67746e8942f9461e7093cf5ad5d5c54eaf0041becbebc144ff6b399a59',
        diffId: 'sha256:4348ed899bd311c558d01605aaa737d2e02d0ae823448479a1ee1c76bc6603d4',
        size: 243,
      },
    ],
  },
  {
    name: 'debian-kitchen-sink',
    ociManifest: 'sha256:5dc9531db8360110ec6c083415708bc94c722d6c166821f41f1a3b72cde866e4',
    config: 'sha256:8a3e5aa3005b43ec3954e451732ead0c167f8e53f881a96dc3886cddcadd249c',
    layers: [
      { digest: BASE_LAYER, diffId: BASE_DIFF_ID, size: 29977810 },
      {
        digest: 'sha256:e25825b882167d2d94e53e4e661117a815bc1214d31f97496e463c45ea7425ac',
        diffId: 'sha256:373600522218b57222abb01a0584692e0c318a22a32ff771b15d2afe05772c82',
        size: 21863847,
      },
    ],
  },
  {
    name: 'distroless-like',
    ociManifest: 'sha256:4213031c213b6b659709a7fc771c65d5fd07badc2a1594e6dd3224db63d47185',
    dockerManifest: 'sha256:299ac2bfd9fb90140a48473eeed84a69107a0f42030b54f5f53071fb922f0a74',
    config: 'sha256:ce7ea1d560976f200dc62603758717c9c49f230b446075a8c20b1ae287cc2884',
    layers: [
      {
        digest: 'sha256:8cf7e1911417aca77e6c09483b5c56f1565c9e42570b8069bf5e6709e6ced43d',
        diffId: 'sha256:8b30d11fd5c5d94894a73a7e9e031e69645f3ac0d7d0f60d26a1077ff924af64',
        size: 8345713,
      },
    ],
  },
];

for (const image of IMAGES) {
  test(`oci-archive resolves ${image.name}`, async () => {
    const reference = `oci-archive:${OCI_ARCHIVE}:${image.name}`;
    const source = await openImage(reference);
    try {
      const manifest = await source.resolve();

      assert.equal(manifest.reference, reference);
      assert.equal(manifest.digest, image.ociManifest);
      assert.equal(manifest.mediaType, 'application/vnd.oci.image.manifest.v1+json');
      assert.equal(manifest.config.digest, image.config);
      assert.deepEqual(
        manifest.layers.map((layer) => ({ digest: layer.digest, diffId: layer.diffId, size: layer.size })),
        image.layers,
      );
      for (const layer of manifest.layers) {
        assert.equal(layer.mediaType, 'application/vnd.oci.image.layer.v1.tar+gzip');
      }
    } finally {
      await source.close();
    }
  });
}

for (const image of IMAGES.filter((candidate) => candidate.dockerManifest !== undefined)) {
  test(`docker-archive resolves ${image.name}`, async () => {
    const reference = `docker-archive:${DOCKER_ARCHIVE}:localhost/test/${image.name}:latest`;
    const source = await openImage(reference);
    try {
      const manifest = await source.resolve();

      assert.equal(manifest.reference, reference);
      assert.equal(manifest.digest, image.dockerManifest);
      assert.equal(manifest.config.digest, image.config);
      // docker save stores each layer uncompressed, under its diff_id.
      assert.deepEqual(
        manifest.layers.map((layer) => ({ digest: layer.digest, diffId: layer.diffId })),
        image.layers.map((layer) => ({ digest: layer.diffId, diffId: layer.diffId })),
      );
    } finally {
      await source.close();
    }
  });
}

/** Reads the config and every layer of an image and checks each against its digest and size. */
async function checkBlobs(reference: string): Promise<void> {
  const source = await openImage(reference);
  try {
    const manifest = await source.resolve();
    for (const descriptor of [manifest.config, ...manifest.layers]) {
      const read = await hashStream(await source.openBlob(descriptor));
      assert.equal(read.digest, descriptor.digest);
      assert.equal(read.size, descriptor.size);
    }
  } finally {
    await source.close();
  }
}

test('oci-archive blobs hash to their digests', async () => {
  await checkBlobs(`oci-archive:${OCI_ARCHIVE}:debian-multilayer`);
});

test('docker-archive blobs hash to their digests', async () => {
  await checkBlobs(`docker-archive:${DOCKER_ARCHIVE}:localhost/test/debian-multilayer`);
});

test('docker-archive selects by short name', async () => {
  // Without a tag, a name means NAME:latest, as in docker.
  const source = await openImage(`docker-archive:${DOCKER_ARCHIVE}:localhost/test/distroless-like`);
  try {
    const manifest = await source.resolve();
    assert.equal(manifest.config.digest, 'sha256:ce7ea1d560976f200dc62603758717c9c49f230b446075a8c20b1ae287cc2884');
  } finally {
    await source.close();
  }
});

test('oci-archive without a name lists images', async () => {
  const source = await openImage(`oci-archive:${OCI_ARCHIVE}`);
  try {
    await assert.rejects(source.resolve(), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'AMBIGUOUS_IMAGE');
      for (const image of IMAGES) {
        assert.match(err.message, new RegExp(image.name));
      }
      return true;
    });
  } finally {
    await source.close();
  }
});

test('docker-archive without a name lists images', async () => {
  const source = await openImage(`docker-archive:${DOCKER_ARCHIVE}`);
  try {
    await assert.rejects(source.resolve(), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'AMBIGUOUS_IMAGE');
      assert.match(err.message, /localhost\/test\/debian-bookworm-minbase:latest/);
      assert.match(err.message, /localhost\/test\/debian-multilayer:latest/);
      assert.match(err.message, /localhost\/test\/distroless-like:latest/);
      return true;
    });
  } finally {
    await source.close();
  }
});

test('unknown image names are not found', async () => {
  for (const reference of [`oci-archive:${OCI_ARCHIVE}:no-such-image`, `docker-archive:${DOCKER_ARCHIVE}:localhost/test/no-such-image:latest`]) {
    const source = await openImage(reference);
    try {
      await assert.rejects(source.resolve(), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'NOT_FOUND');
        assert.match(err.message, /no-such-image/);
        assert.match(err.message, /debian-multilayer/);
        return true;
      });
    } finally {
      await source.close();
    }
  }
});
