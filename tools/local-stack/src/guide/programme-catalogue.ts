/**
 * What the demo channels broadcast: shows per channel category, with realistic lengths (minutes),
 * a genre, and for series the size of a season. Invented titles; the descriptions are written to
 * read like a real guide, not lorem ipsum.
 */

export interface Show {
  title: string;
  /** Possible lengths in minutes (multiples of 5, so programmes start on the clock's quarters). */
  minutes: readonly number[];
  genre: string;
  about: string;
  /** Series: episodes per season and how many seasons exist. */
  series?: { episodes: number; seasons: number };
  /** Age rating (FSK). */
  rating?: string;
}

const news: Show[] = [
  {
    title: "SEEYOO News",
    minutes: [15, 30],
    genre: "News",
    about: "The latest national and international headlines, with live reports from our correspondents.",
  },
  {
    title: "World Briefing",
    minutes: [30],
    genre: "News",
    about: "A compact look at the stories shaping the world today.",
  },
  {
    title: "The Business Hour",
    minutes: [60],
    genre: "Business",
    about: "Markets, companies and the people behind them, with analysis from the trading floor.",
  },
  {
    title: "Weather Outlook",
    minutes: [5, 10],
    genre: "Weather",
    about: "Forecasts for the days ahead, region by region.",
  },
  {
    title: "Newsnight Debate",
    minutes: [45, 60],
    genre: "Politics",
    about: "Politicians and experts argue over the question of the day; viewers have their say.",
  },
  {
    title: "Press Review",
    minutes: [15],
    genre: "News",
    about: "What tomorrow's papers say, read and discussed.",
  },
];

const sport: Show[] = [
  {
    title: "Live: Football Matchday",
    minutes: [105, 120],
    genre: "Football",
    about: "Live coverage with build-up, the full match and post-match analysis.",
  },
  {
    title: "Sport Centre",
    minutes: [30],
    genre: "Sport",
    about: "Results, highlights and interviews from every major competition.",
  },
  {
    title: "Motor Racing Live",
    minutes: [120, 150],
    genre: "Motorsport",
    about: "Qualifying and race action with in-car cameras and pit-lane reports.",
  },
  {
    title: "Tennis Classics",
    minutes: [90],
    genre: "Tennis",
    about: "A legendary final, replayed in full with new commentary.",
  },
  {
    title: "Cycling Tour Highlights",
    minutes: [60],
    genre: "Cycling",
    about: "The day's stage in an hour: breakaways, climbs and the sprint finish.",
  },
  {
    title: "Basketball Tonight",
    minutes: [120],
    genre: "Basketball",
    about: "Live game coverage with half-time analysis.",
  },
];

const movies: Show[] = [
  {
    title: "The Long Road North",
    minutes: [100, 115],
    genre: "Drama",
    about: "Two estranged brothers drive across the country to bury their father.",
    rating: "12",
  },
  {
    title: "Midnight at the Grand Hotel",
    minutes: [95, 105],
    genre: "Crime",
    about: "A jewel thief, a detective on holiday and a storm that closes every road.",
    rating: "12",
  },
  {
    title: "Starfall",
    minutes: [120, 125],
    genre: "Science Fiction",
    about:
      "When a meteor shower knocks out every satellite, an astronomer finds a signal no one else can hear.",
    rating: "12",
  },
  {
    title: "A Summer in Provence",
    minutes: [90, 95],
    genre: "Romance",
    about: "A chef inherits a crumbling farmhouse — and the neighbour who wants to buy it.",
    rating: "6",
  },
  {
    title: "Iron Harbour",
    minutes: [110],
    genre: "Thriller",
    about: "A customs officer uncovers a smuggling ring reaching into her own department.",
    rating: "16",
  },
  {
    title: "The Clockmaker's Apprentice",
    minutes: [100],
    genre: "Adventure",
    about: "An orphan discovers her master's clocks can stop time — for exactly one minute.",
    rating: "6",
  },
];

const kids: Show[] = [
  {
    title: "Robo & Rabbit",
    minutes: [10, 15],
    genre: "Animation",
    about: "A clumsy robot and a clever rabbit solve everyday problems together.",
    series: { episodes: 52, seasons: 3 },
    rating: "0",
  },
  {
    title: "Science Squad",
    minutes: [25],
    genre: "Education",
    about: "Three friends test big questions with small experiments.",
    series: { episodes: 26, seasons: 4 },
    rating: "0",
  },
  {
    title: "The Dragon Next Door",
    minutes: [20, 25],
    genre: "Animation",
    about: "Life in a quiet village gets louder when a young dragon moves in.",
    series: { episodes: 26, seasons: 2 },
    rating: "0",
  },
  {
    title: "Kids Planet News",
    minutes: [10],
    genre: "News",
    about: "The day's news, explained for young viewers.",
    rating: "0",
  },
  {
    title: "Craft Club",
    minutes: [15],
    genre: "Education",
    about: "Build, paint and glue along with the Craft Club team.",
    series: { episodes: 40, seasons: 5 },
    rating: "0",
  },
];

const documentary: Show[] = [
  {
    title: "Planet Deep",
    minutes: [45, 50],
    genre: "Nature",
    about: "Life at the bottom of the ocean, filmed with the latest submersibles.",
    series: { episodes: 8, seasons: 2 },
  },
  {
    title: "Empires of Stone",
    minutes: [45, 55],
    genre: "History",
    about: "How ancient civilisations built cities that still stand.",
    series: { episodes: 10, seasons: 3 },
  },
  {
    title: "The Engineers",
    minutes: [45],
    genre: "Technology",
    about: "The people behind the world's biggest construction projects.",
    series: { episodes: 12, seasons: 2 },
  },
  {
    title: "Wild Europe",
    minutes: [50, 60],
    genre: "Nature",
    about: "From the Arctic tundra to Mediterranean islands, a year in Europe's wilderness.",
    series: { episodes: 6, seasons: 1 },
  },
  {
    title: "Inside the Archive",
    minutes: [30],
    genre: "History",
    about: "Curators open the boxes no visitor gets to see.",
    series: { episodes: 20, seasons: 4 },
  },
];

const music: Show[] = [
  {
    title: "Top 40 Countdown",
    minutes: [60, 90],
    genre: "Pop",
    about: "The week's biggest hits, counted down with exclusive interviews.",
  },
  {
    title: "Live Sessions",
    minutes: [30, 45],
    genre: "Live Music",
    about: "A band, a studio and no second takes.",
    series: { episodes: 30, seasons: 6 },
  },
  {
    title: "Music Wave Non-Stop",
    minutes: [60, 120],
    genre: "Music",
    about: "Non-stop videos, chosen by our editors.",
  },
  {
    title: "Classic Albums",
    minutes: [60],
    genre: "Rock",
    about: "The story of one landmark album, told by the people who made it.",
    series: { episodes: 12, seasons: 3 },
  },
  {
    title: "Late Night Jazz",
    minutes: [60, 90],
    genre: "Jazz",
    about: "Smooth standards and new voices from the jazz clubs of Europe.",
  },
];

const entertainment: Show[] = [
  {
    title: "The Quiz Night",
    minutes: [45, 60],
    genre: "Game Show",
    about: "Four contestants, one host and a jackpot that keeps rolling over.",
    series: { episodes: 40, seasons: 7 },
  },
  {
    title: "Hospital Hill",
    minutes: [45],
    genre: "Drama Series",
    about: "Doctors and nurses at a city hospital juggle emergencies and their own lives.",
    series: { episodes: 22, seasons: 5 },
    rating: "12",
  },
  {
    title: "Flatmates",
    minutes: [25],
    genre: "Comedy",
    about: "Five flatmates, one bathroom and no privacy whatsoever.",
    series: { episodes: 24, seasons: 6 },
    rating: "6",
  },
  {
    title: "Talk of the Town",
    minutes: [60],
    genre: "Talk Show",
    about: "Guests from film, music and sport join the sofa.",
    series: { episodes: 200, seasons: 3 },
  },
  {
    title: "Detective Lindqvist",
    minutes: [90],
    genre: "Crime Series",
    about: "A patient detective takes on the cases nobody else could close.",
    series: { episodes: 8, seasons: 4 },
    rating: "16",
  },
  {
    title: "Stand-Up Friday",
    minutes: [30],
    genre: "Comedy",
    about: "Fresh comedians test their sets on a live audience.",
    series: { episodes: 12, seasons: 8 },
    rating: "12",
  },
];

const science: Show[] = [
  {
    title: "Tech Today",
    minutes: [30],
    genre: "Technology",
    about: "Gadgets, apps and the ideas that will change them, reviewed without hype.",
    series: { episodes: 40, seasons: 5 },
  },
  {
    title: "How It's Made",
    minutes: [25, 30],
    genre: "Science",
    about: "From raw material to finished product, step by step.",
    series: { episodes: 26, seasons: 9 },
  },
  {
    title: "Space Frontier",
    minutes: [45, 50],
    genre: "Space",
    about: "The missions, telescopes and people pushing further into space.",
    series: { episodes: 10, seasons: 3 },
  },
  {
    title: "The Lab",
    minutes: [45],
    genre: "Science",
    about: "Researchers explain their experiments — and what went wrong first.",
    series: { episodes: 12, seasons: 2 },
  },
];

const lifestyle: Show[] = [
  {
    title: "Kitchen Stories",
    minutes: [30],
    genre: "Cooking",
    about: "Home cooks share the recipes their families grew up with.",
    series: { episodes: 30, seasons: 4 },
  },
  {
    title: "On the Road",
    minutes: [45, 60],
    genre: "Travel",
    about: "A week in one city: where to eat, sleep and get lost.",
    series: { episodes: 16, seasons: 5 },
  },
  {
    title: "Market Day",
    minutes: [25, 30],
    genre: "Food",
    about: "A chef shops a local market and cooks with whatever looks best.",
    series: { episodes: 20, seasons: 3 },
  },
  {
    title: "Garden Weekend",
    minutes: [30],
    genre: "Gardening",
    about: "Seasonal advice for balconies, allotments and everything in between.",
    series: { episodes: 26, seasons: 6 },
  },
];

const regional: Show[] = [
  {
    title: "Nord Aktuell",
    minutes: [15, 30],
    genre: "Regional News",
    about: "News from the towns and villages of the north.",
  },
  {
    title: "Hafenblick",
    minutes: [45],
    genre: "Regional Magazine",
    about: "Stories from the harbour: fishermen, shipbuilders and ferry crews.",
    series: { episodes: 30, seasons: 3 },
  },
  {
    title: "Wetter im Norden",
    minutes: [5],
    genre: "Weather",
    about: "The regional forecast for coast and countryside.",
  },
  {
    title: "Landpartie",
    minutes: [60, 90],
    genre: "Travel",
    about: "A relaxed tour through the region's villages and farms.",
    series: { episodes: 12, seasons: 10 },
  },
];

const general: Show[] = [
  news[0] as Show,
  ...entertainment.slice(0, 3),
  movies[0] as Show,
  movies[3] as Show,
  documentary[0] as Show,
  sport[1] as Show,
  lifestyle[0] as Show,
];

const BY_CATEGORY: Record<string, readonly Show[]> = {
  News: news,
  Sport: sport,
  Movies: movies,
  Kids: kids,
  Documentary: documentary,
  Music: music,
  Entertainment: entertainment,
  Science: science,
  Lifestyle: lifestyle,
  Regional: regional,
  General: general,
};

export function showsFor(category: string | null): readonly Show[] {
  return BY_CATEGORY[category ?? ""] ?? general;
}

/** Short fillers that close a day when the next show would run past midnight. */
export const CLOSEDOWN: Show = {
  title: "Programme Preview",
  minutes: [5],
  genre: "Information",
  about: "A look at what's coming up on this channel.",
};

export const EPISODE_WORDS = {
  first: ["The", "A Quiet", "The Last", "One More", "The Secret", "A Long", "The Hidden", "Another"],
  second: [
    "Harbour",
    "Night",
    "Promise",
    "Experiment",
    "Journey",
    "Visitor",
    "Letter",
    "Storm",
    "Bargain",
    "Reunion",
  ],
} as const;
