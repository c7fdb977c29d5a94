import type { MetadataRoute } from "next";

/** The web manifest: lets people add Switchyard to a phone's home screen or a desktop dock. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Switchyard",
    short_name: "Switchyard",
    description: "Internal developer portal for GitHub Copilot cloud agent tasks.",
    start_url: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#1d4ed8",
    icons: [
      { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
    ],
  };
}
