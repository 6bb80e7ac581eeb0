/**
 * `encore-sdk/gallery`: the gated exclusive-content gallery. Nothing runs at import; call
 * `defineGalleryElement()` for `<encore-gallery>`, or `renderGallery(element, options)`.
 */
export { renderGallery } from './renderGallery';
export { defineGalleryElement } from './element';
export type { EncoreGalleryElement } from './element';
export { validateManifest } from './validate';
export type { ValidationResult } from './validate';
export { GALLERY_STRINGS } from './strings';
export type {
  GalleryOptions,
  GalleryController,
  GalleryManifest,
  GalleryItem,
  GalleryLock,
  GalleryPlayback,
  ExclusiveContentInfo,
  HlsCtor,
  HlsLike,
} from './types';
